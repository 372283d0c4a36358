#!/usr/bin/env python3
"""Command line of the Syunik transit route map; see ``python build_map.py --help``."""

import sys

from geo.cli import main

if __name__ == "__main__":
    sys.exit(main())
