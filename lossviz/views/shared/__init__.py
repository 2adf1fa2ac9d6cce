"""What every topic's presentation shares: the palette and figure layout, LaTeX and number
formatting, and the strings every page uses."""
