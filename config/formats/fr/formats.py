"""One date style for French pages (see tearspace/core/templatetags/when.py)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "D j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
