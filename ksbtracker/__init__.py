"""KSB Tracker: skills scans and learning progress for apprenticeship standards."""
