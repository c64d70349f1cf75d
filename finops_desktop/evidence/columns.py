"""FOCUS columns by name, across versions 1.0 to 1.3, and how a file's version is told from them."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Columns every FOCUS 1.0–1.3 cost-and-usage file has and the figures need.
REQUIRED = (
    "BilledCost", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
    "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "ListCost", "ServiceCategory",
)
#: The provider's name: ``ProviderName`` until 1.2, ``ServiceProviderName`` from 1.3.
PROVIDER = ("ServiceProviderName", "ProviderName")
#: Columns a provider fills only where they apply (commitments, tags, split allocation): absent means empty.
CONDITIONAL = (
    "AllocatedTags", "ChargeClass", "CommitmentDiscountId", "CommitmentDiscountStatus", "PricingCategory",
    "SubAccountId", "SubAccountName", "Tags",
)
MONEY = ("BilledCost", "ContractedCost", "EffectiveCost", "ListCost")
TIMESTAMPS = ("BillingPeriodEnd", "BillingPeriodStart", "ChargePeriodEnd", "ChargePeriodStart")
TAG_COLUMNS = ("AllocatedTags", "Tags")

#: Columns first defined in each version, newest first: a file is of the newest version whose columns it has.
_INTRODUCED = (
    ("1.3", {"ServiceProviderName", "HostProviderName", "AllocatedMethodId", "AllocatedMethodDetails",
             "AllocatedResourceId", "AllocatedResourceName", "AllocatedTags", "ContractApplied"}),
    ("1.2", {"BillingAccountType", "SubAccountType", "InvoiceId", "PricingCurrency",
             "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice"}),
    ("1.1", {"CapacityReservationId", "CapacityReservationStatus", "CommitmentDiscountQuantity",
             "CommitmentDiscountUnit", "ServiceSubcategory", "SkuMeter", "SkuPriceDetails"}),
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def focus_version(columns: Iterable[str]) -> str:
    """The FOCUS version a set of column names belongs to (1.0 when no later column is present)."""
    present = set(columns)
    for version, introduced in _INTRODUCED:
        if present & introduced:
            return version
    return "1.0"


def canonical_names(columns: Iterable[str]) -> dict[str, str]:
    """Each FOCUS column's name as the file spells it, by its FOCUS name (case is not significant)."""
    known = {name.casefold(): name for name in (*REQUIRED, *PROVIDER, *CONDITIONAL)}
    found: dict[str, str] = {}
    for column in columns:
        name = known.get(column.casefold())
        if name and name not in found:
            found[name] = column
    return found


def missing_required(columns: Iterable[str]) -> list[str]:
    """The required FOCUS columns a file lacks, by name."""
    found = canonical_names(columns)
    missing = [name for name in REQUIRED if name not in found]
    if not any(name in found for name in PROVIDER):
        missing.append("ProviderName (or ServiceProviderName)")
    return missing


def check_identifier(name: str, what: str) -> str:
    """A column name that every SQL engine reads unquoted, so that the warehouse query stays portable."""
    from .errors import EvidenceError

    if not _IDENTIFIER.match(name or ""):
        raise EvidenceError(f"{what} '{name}' is not a column name (letters, digits and _ only, "
                            "not starting with a digit)")
    return name
