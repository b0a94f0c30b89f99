"""The city view: every center on one screen, a daily report, the summary history."""
