"""ISO 4217 active currency codes with their minor units (decimal places), as published by the ISO 4217
maintenance agency (list one). Fund codes with decimals are included (CLF, UYW, BOV...); precious metals,
SDRs, test and 'no currency' codes (XAU, XDR, XTS, XXX...) have no minor units and are not currencies of
a budget. ANG stays beside its successor XCG, SLL beside SLE, ZWL beside ZWG, while files still use them."""

from __future__ import annotations

_BY_PLACES = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
    2: "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD "
    "CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS "
    "GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD "
    "MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR "
    "PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP "
    "TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL",
}

MINOR_UNITS: dict[str, int] = {code: places for places, codes in _BY_PLACES.items() for code in codes.split()}
CODES = frozenset(MINOR_UNITS)


def is_currency(code: object) -> bool:
    """True for an ISO 4217 code of a currency (upper case)."""
    return isinstance(code, str) and code in MINOR_UNITS
