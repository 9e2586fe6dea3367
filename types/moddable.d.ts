// The Moddable built-ins that the portable modules name as types only (never import at run time).
/// <reference path="../node_modules/@moddable/typings/embedded_io/_common.d.ts" />
/// <reference path="../node_modules/@moddable/typings/embedded_io/serial.d.ts" />
/// <reference path="../node_modules/@moddable/typings/timer.d.ts" />
