"""Many centers, one city: the summary a center sends, and its bridge to the city cluster."""
