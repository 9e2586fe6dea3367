// The Moddable typings a device module of yours needs next to this library, resolved from your own
// node_modules (npm install --save-dev @moddable/typings): the XS globals (trace, ArrayBuffer.fromString),
// Timer, and the ECMA-419 serial and digital classes; and the update modules the typings lack
// (moddable-modules.d.ts). device/tsconfig.json includes this file.
/// <reference types="@moddable/typings/xs" />
/// <reference types="@moddable/typings/timer" />
/// <reference types="@moddable/typings/embedded_io/_common" />
/// <reference types="@moddable/typings/embedded_io/serial" />
/// <reference types="@moddable/typings/embedded_io/digital" />
/// <reference types="@moddable/typings/mc/config" />
/// <reference path="./moddable-modules.d.ts" />
