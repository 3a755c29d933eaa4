"""One date style for Spanish pages (see tearspace/core/templatetags/when.py)."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "D j M Y, H:i"
YEAR_MONTH_FORMAT = "F \\d\\e Y"
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
