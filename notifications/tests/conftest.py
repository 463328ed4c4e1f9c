from monitoring.tests.conftest import (  # noqa: F401  (fixtures shared with the monitoring tests)
    answered_finding,
    emails,
    finding,
    lalang_report,
    pupr_head,
    submit,
)
