"""Shape of the simulated customer base: segments, plans, regions, owners, MRR bands and names."""

from __future__ import annotations

import numpy as np

SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
SEGMENT_P = (0.6, 0.28, 0.12)
PLANS = ("Starter", "Growth", "Scale")
REGIONS = ("NA", "EMEA", "APAC", "LATAM")
REGION_P = (0.45, 0.3, 0.15, 0.1)
REGION_HOUR = np.array([17.0, 11.0, 4.0, 15.0])  # UTC hour around which each region works
OWNERS = ("Alice Martin", "Bruno Costa", "Chen Wei", "Dana Okafor", "Emma Schmidt", "Farid Haddad")
MRR_RANGE = np.array([[50.0, 500.0], [500.0, 3000.0], [3000.0, 20000.0]])  # per segment
CAC_MEDIAN = np.array([600.0, 5000.0, 25000.0])  # per segment
# New accounts per calendar month (Jan..Dec): a Q1 and September push, a December lull.
ACQ_SEASON = np.array([1.4, 1.25, 1.2, 1.0, 0.95, 0.9, 0.8, 0.8, 1.45, 1.1, 1.0, 0.6])

# Company names: "<prefix> <sector>[ <suffix>]".
NAME_PREFIXES = (
    "Acme", "Blue", "Bright", "Cedar", "Clear", "Copper", "Delta", "Ember", "Falcon", "Green",
    "Harbor", "Iron", "Juniper", "Kite", "Lumen", "Maple", "Nimbus", "North", "Oak", "Orbit",
    "Pine", "Quartz", "Red", "River", "Silver", "Solar", "Summit", "Terra", "Vertex", "Willow",
)
NAME_SECTORS = (
    "Analytics", "Labs", "Systems", "Works", "Logistics", "Health", "Foods", "Retail", "Media",
    "Energy", "Finance", "Robotics", "Studio", "Partners", "Dynamics", "Networks", "Software",
    "Bio", "Freight", "Capital",
)
NAME_SUFFIXES = ("Inc", "LLC", "GmbH", "Ltd", "SA", "Co", "Group", "")
