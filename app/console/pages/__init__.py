"""The console's pages, by audience (console, public, crew): each module's layout and path."""
