"""Data bundled with salescare: the sample book of the demo."""
