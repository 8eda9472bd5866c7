"""`make bench`: what the book costs a reader, measured in Chromium."""
