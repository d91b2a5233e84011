"""Currencies an organization may keep its figures in, and money as it reads on screen.

Amounts are whole hundredths ("cents") everywhere, as campaign budgets and costs are; so only currencies
with two decimals are offered. An organization's currency is its budgets', costs' and revenue's.
"""

from __future__ import annotations

DEFAULT_CURRENCY = "USD"
# ISO 4217 code -> (name, symbol)
CURRENCIES: dict[str, tuple[str, str]] = {
    "USD": ("US dollar", "$"), "EUR": ("Euro", "€"), "GBP": ("Pound sterling", "£"), "CHF": ("Swiss franc", "CHF "),
    "CAD": ("Canadian dollar", "CA$"), "AUD": ("Australian dollar", "A$"), "NZD": ("New Zealand dollar", "NZ$"),
    "SEK": ("Swedish krona", "SEK "), "NOK": ("Norwegian krone", "NOK "), "DKK": ("Danish krone", "DKK "),
    "PLN": ("Polish złoty", "zł "), "CZK": ("Czech koruna", "Kč "), "BRL": ("Brazilian real", "R$"),
    "MXN": ("Mexican peso", "MX$"), "INR": ("Indian rupee", "₹"), "ZAR": ("South African rand", "R "),
    "SGD": ("Singapore dollar", "S$"), "HKD": ("Hong Kong dollar", "HK$"), "CNY": ("Chinese yuan", "CN¥"),
    "AED": ("UAE dirham", "AED "), "TRY": ("Turkish lira", "₺"), "ILS": ("Israeli shekel", "₪"),
}


def currency_choices() -> dict[str, str]:
    """code -> "EUR · Euro", for selects."""
    return {code: f"{code} · {name}" for code, (name, _symbol) in CURRENCIES.items()}


def format_money(cents: int, currency: str = DEFAULT_CURRENCY) -> str:
    """123456, "EUR" -> "€1,234.56"; a negative amount reads "−€12.00"."""
    symbol = CURRENCIES.get(currency, ("", f"{currency} "))[1]
    whole, rest = divmod(abs(int(cents)), 100)
    return f"{'−' if cents < 0 else ''}{symbol}{whole:,}.{rest:02d}"
