"""One date style for Spanish pages (see tearspace/core/templatetags/when.py)."""

DATE_FORMAT = "j b Y"
DATETIME_FORMAT = "D j b Y, H:i"
YEAR_MONTH_FORMAT = "F \\d\\e Y"
MONTH_DAY_FORMAT = "j b"
TIME_FORMAT = "H:i"
