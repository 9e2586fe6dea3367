// Token kinds the tokenizer yields and results the chat reports: const enums, which TypeScript (and
// mcconfig's compile) replaces by their numbers, so XS compares a literal in one instruction and no
// module exports or imports them.

export const enum Token {
	NONE = 0, //      nothing complete in the ring yet
	OK = 1, //        OK
	ERROR = 2, //     ERROR
	CME_ERROR = 3, // +CME ERROR: <n>          (code)
	INFO = 4, //      +NAME: value              (nameStart..nameEnd, valueStart..valueEnd)
	LINE = 5, //      any other text line
	ECHO = 6, //      the command just sent, echoed back
	PROMPT = 7, //    `>` at the start of a line, without CR LF
	RDY = 8, //       the boot banner: the module (re)started
	PAYLOAD = 9, //   counted payload bytes, whatever they hold
	OVERFLOW = 10, // a line longer than the ring; dropped up to its CR LF
	GARBLED = 11, //  the bytes after a counted payload are not CR LF: bytes were lost or
	//                doubled inside it (the UART has no check of its own)
}

export const enum Result {
	OK = 0,
	ERROR = 1,
	CME = 2,
	TIMEOUT = 3,
	REBOOT = 4,
	CANCELLED = 5,
	CLOSED = 6,
	SERIAL = 7, // the serial failed (its onError, or a write it refused with an error): the chat closed itself
}
