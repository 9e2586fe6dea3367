// The ESP32's update target: Moddable's `embedded:update` on the OTA partition the next image goes to
// ("nextota"), opened in append mode (writes in order, no offsets), as modules/http/update.ts wants
// it. The build needs OTA partitions: the manifest sets `defines.ota.autosplit`. `open` begins a new
// image every time (esp_ota_begin): an update interrupted by a reboot starts again from byte 0.
import OTA from "embedded:update";
import flash from "embedded:storage/flash";
import type { UpdateTarget, UpdateTargetProvider } from "../../modules/http/update.js";

export const otaTarget: UpdateTargetProvider = {
	open({ byteLength }): UpdateTarget {
		// byteLength is checked against the partition's size (RangeError when the image cannot fit)
		return OTA.open({ partition: flash.open({ path: "nextota" }), byteLength, mode: "a" });
	},
};
