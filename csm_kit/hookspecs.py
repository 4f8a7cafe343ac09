"""Pluggy hook specifications: how a plugin contributes to csm_kit.

A plugin is a module (or object) registered under the ``csm_kit.plugins`` entry-point group
that implements some of these hooks with ``@csm_kit.hookimpl``.
"""

from __future__ import annotations

import pluggy

from csm_kit.metric import Fact, Metric

hookspec = pluggy.HookspecMarker("csm_kit")
hookimpl = pluggy.HookimplMarker("csm_kit")


@hookspec
def csm_kit_metrics() -> list[Metric]:
    """Return the metrics this plugin declares (each built with ``@csm_kit.metric``)."""
    raise NotImplementedError


@hookspec
def csm_kit_facts() -> list[Fact]:
    """Return the shared facts this plugin declares (each built with ``@csm_kit.fact``)."""
    raise NotImplementedError
