// Token kinds the tokenizer yields and results the chat reports: integers, not enums, so they
// compile to constants XS compares in one instruction.

export const TOKEN_NONE = 0; //      nothing complete in the ring yet
export const TOKEN_OK = 1; //        OK
export const TOKEN_ERROR = 2; //     ERROR
export const TOKEN_CME_ERROR = 3; // +CME ERROR: <n>          (code)
export const TOKEN_INFO = 4; //      +NAME: value              (nameStart..nameEnd, valueStart..valueEnd)
export const TOKEN_LINE = 5; //      any other text line
export const TOKEN_ECHO = 6; //      the command just sent, echoed back
export const TOKEN_PROMPT = 7; //    `>` at the start of a line, without CR LF
export const TOKEN_RDY = 8; //       the boot banner: the module (re)started
export const TOKEN_PAYLOAD = 9; //   counted payload bytes, whatever they hold
export const TOKEN_OVERFLOW = 10; // a line longer than the ring; dropped up to its CR LF
export const TOKEN_GARBLED = 11; //  the bytes after a counted payload are not CR LF: bytes were lost or
//                                   doubled inside it (the UART has no check of its own)

export const RESULT_OK = 0;
export const RESULT_ERROR = 1;
export const RESULT_CME = 2;
export const RESULT_TIMEOUT = 3;
export const RESULT_REBOOT = 4;
export const RESULT_CANCELLED = 5;
export const RESULT_CLOSED = 6;
export const RESULT_SERIAL = 7; // the serial failed (its onError, or a write it refused with an error): the chat closed itself
