"""One date style for Japanese pages (see tearspace/core/templatetags/when.py)."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日(D) G:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
TIME_FORMAT = "G:i"
