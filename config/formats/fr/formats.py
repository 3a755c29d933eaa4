"""One date style for French pages (see tearspace/core/templatetags/when.py)."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "D j M Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
