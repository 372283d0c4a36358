#!/usr/bin/env python3
"""Command line of the Syunik transit route map; see ``python build_map.py --help``."""

import sys

try:
    from geo.cli import main
except KeyboardInterrupt:  # Ctrl-C while the command line is imported: nothing was written
    sys.stderr.write("error: interrupted; outputs left as they were\n")
    sys.exit(130)

if __name__ == "__main__":
    sys.exit(main())
