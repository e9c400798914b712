"""Signatures on skills scans, training plans and progress reviews: one model shape, one way to sign and check."""
