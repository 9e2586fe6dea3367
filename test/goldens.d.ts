// A golden data file (test/**/*.golden.json) as the module the build makes of it (tools/goldens.mjs).
declare module "*.golden.js" {
	const data: unknown;
	export default data;
}
