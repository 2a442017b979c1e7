"""The steering team's black-box contract checks (../shared/acceptance)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

RUNNER = ROOT.parent / "shared" / "acceptance" / "run.py"


@pytest.mark.skipif(not RUNNER.exists(), reason="shared/acceptance is not beside this checkout")
def test_acceptance_contract_checks_pass():
    env = dict(os.environ, PARPLAN=f"{sys.executable} -m parplan", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(RUNNER), "-v"], capture_output=True, text=True,
                            env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout
