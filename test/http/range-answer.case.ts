// The answer to AT+QHTTPGETEX must be the range asked for: 206 with a matching Content-Range. The
// answers and the verdicts are range-answer.golden.json.
import { test } from "../harness.js";
import { equal } from "../assert.js";
import { rangeMatches } from "../../modules/http/syntax.js";
import { fields } from "../support/goldens.js";
import golden from "./range-answer.golden.js";

interface Row {
	status: number;
	contentRange?: string;
	start: number;
	length: number;
	matches: boolean;
}

for (const { name, rows } of (golden as { cases: { name: string; rows: Row[] }[] }).cases) {
	test(name, () => {
		for (const { status, contentRange, start, length, matches } of rows.map((row) => fields(row, ["status", "contentRange", "start", "length", "matches"], name))) {
			equal(rangeMatches(status, contentRange, start, length), matches, `${status} ${JSON.stringify(contentRange)} for ${start}+${length}`);
		}
	});
}
