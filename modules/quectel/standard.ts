// The rows every module of the family sends as they are: 3GPP TS 27.007's (the SIM, registration
// reports, PSM and eDRX, identity, signal) and Quectel's common ones (ATI, AT+QCCID, AT+QSCLK, the
// wake-up probe). A profile takes these and adds its own dialect.
import { step, Arg, Next } from "./script.js";
import { ERR_TIMEOUT } from "./codes.js";

export const sim = step("AT+CPIN?", { ms: 5000 });
export const report = step("AT+CEREG=5");
export const registration = step("AT+CEREG?", { ms: 5000 });
export const psm = step("AT+CPSMS=1,,,", { args: [Arg.T3412, Arg.T3324] });
export const psmOff = step("AT+CPSMS=0");
export const edrx = step("AT+CEDRXS=1,5,", { args: [Arg.EDRX] });
export const edrxOff = step("AT+CEDRXS=0");
// ATI's third line is the revision AT+CGMR gives (2.2, 2.4): one command for both.
export const revision = step("ATI", { ms: 5000 });
export const REVISION_PREFIX = "Revision: ";
export const imei = step("AT+CGSN=1", { ms: 5000 });
export const iccid = step("AT+QCCID");
export const imsi = step("AT+CIMI", { ms: 5000 });
export const signal = step("AT+CESQ");
export const edrxRead = step("AT+CEDRXRDP");
export const sleepRead = step("AT+QSCLK?");
// The first byte after sleep wakes the module and is lost: the probe is short and repeated; silent
// after every try, the hardware reset (if any) and 901.
export const wake = step("AT", { ms: 500, wait: 200, tries: 10, bad: Next.RETRY, code: ERR_TIMEOUT });
export const sleep = step("AT+QSCLK=1");
/** The eDRX cycle of each 4-bit value, in ms (the AT Commands Manual 9.1's NB-S1 table: 20.48 s … 10485.76 s). */
export const EDRX_CYCLES = Object.freeze([0, 0, 20480, 40960, 0, 81920, 0, 0, 0, 163840, 327680, 655360, 1310720, 2621440, 5242880, 10485760]);
