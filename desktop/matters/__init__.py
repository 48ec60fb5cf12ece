"""Client matters (issue 22): the matters table, the service the window and the command line
use, and the retention purge per matter. No Qt."""
