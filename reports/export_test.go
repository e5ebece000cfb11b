package reports

// MaxRangeDays lets the external tests check the bound on a range.
const MaxRangeDays = maxRangeDays
