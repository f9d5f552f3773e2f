"""The grid's vocabulary: the enums and constants every package imports and none redefines.

Customer types, appliance types, the languages of texts and notices, transformer ratings and the
power factor that turns kW into a transformer's loading. (openleadr's enums.py is the model: one
module of words, imported by everyone.)
"""

from __future__ import annotations

from enum import StrEnum


class CustomerType(StrEnum):
    """What a customer is on its tariff (customer.customer_type)."""

    RESIDENTIAL = "residential"
    COMMERCIAL = "commercial"
    INDUSTRIAL = "industrial"


class ApplianceType(StrEnum):
    """What partners sell (appliance_sale.appliance_type)."""

    AIR_CONDITIONER = "air_conditioner"
    EV_CHARGER = "ev_charger"
    ELECTRIC_WATER_HEATER = "electric_water_heater"
    HEAT_PUMP = "heat_pump"
    INDUCTION_COOKER = "induction_cooker"
    OTHER = "other"


class Language(StrEnum):
    """The languages of the console's texts and of notices (BCP 47 tags)."""

    EN = "en"
    ZH_CN = "zh-CN"

    @classmethod
    def parse(cls, value: object) -> Language:
        """A browser's or a form's language: Chinese for any zh tag, English otherwise."""
        return cls.ZH_CN if isinstance(value, str) and value.lower().startswith("zh") else cls.EN


# Row order of every per-type array (contracted kW by type, load shapes by type, sales by type).
CUSTOMER_TYPES: tuple[CustomerType, ...] = tuple(CustomerType)
APPLIANCE_TYPES: tuple[ApplianceType, ...] = tuple(ApplianceType)
# Standard ratings of 10/0.4 kV distribution transformers (kVA).
STANDARD_KVA: tuple[int, ...] = (200, 315, 400, 500, 630, 800, 1000, 1250)
# The power factor the console assumes when it turns kW into transformer loading:
# kVA = kW / POWER_FACTOR.
POWER_FACTOR = 0.95
