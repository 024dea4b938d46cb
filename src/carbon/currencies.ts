/**
 * Active ISO 4217 alphabetic codes with their minor unit (the exponent: CNY 2 = fen, JPY 0, KWD 3).
 * Codes without a minor unit (precious metals, SDR, test codes) are left out: a donation amount cannot be
 * expressed in them. Source: ISO 4217 list one (SIX, maintenance agency), as amended to 2025.
 */
const EXPONENT_0 = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const EXPONENT_3 = "BHD IQD JOD KWD LYD OMR TND";
const EXPONENT_4 = "CLF UYW";
const EXPONENT_2 =
  "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF " +
  "CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ " +
  "GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD " +
  "MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON " +
  "RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS " +
  "UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";

const TABLE: ReadonlyMap<string, number> = new Map([
  ...EXPONENT_0.split(" ").map((c) => [c, 0] as const),
  ...EXPONENT_2.split(" ").map((c) => [c, 2] as const),
  ...EXPONENT_3.split(" ").map((c) => [c, 3] as const),
  ...EXPONENT_4.split(" ").map((c) => [c, 4] as const),
]);

/**
 * The ISO 4217 minor unit (exponent) of an active currency code, or undefined for an unknown code.
 *
 * @param code Three upper-case letters, e.g. `"CNY"`.
 * @returns The exponent (CNY 2, JPY 0, KWD 3), or undefined.
 * @example
 * iso4217Exponent("CNY"); // 2
 */
export function iso4217Exponent(code: string): number | undefined {
  return TABLE.get(code);
}

/**
 * Every code in the table (for tests and help text).
 *
 * @returns The codes, sorted.
 * @example
 * iso4217Codes().includes("EUR"); // true
 */
export function iso4217Codes(): string[] {
  return [...TABLE.keys()].sort();
}
