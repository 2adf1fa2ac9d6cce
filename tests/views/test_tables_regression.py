"""The regression page's tables: one row per element, one row per fitted line."""

import numpy as np
import pyarrow as pa

from lossviz.lessons.fitting import fit_lines, toy_line
from lossviz.regression import LOSS_LABELS, regression_losses
from lossviz.ui.compute import arrow_table
from lossviz.views.regression.tables import line_fit_table, regression_table

HEADERS = {k: k for k in ("element", "input", "target", "error", "loss", "grad")}


def test_regression_table_has_every_loss_and_gradient():
    x, y = [2.5, 0.0, 2.0, 1.6, 1.0], [3.0, -0.5, 2.0, 1.0, 8.0]
    results = regression_losses(x, y, "mean", 1.0, 2.0)
    table = regression_table(x, y, results, LOSS_LABELS, HEADERS)
    assert list(table)[:4] == ["element", "input", "target", "error"]
    assert len(table) == 12
    assert table["element"].tolist() == [0, 1, 2, 3, 4]
    np.testing.assert_allclose(table["error"], [-0.5, 0.5, 0.0, 0.6, -7.0])
    np.testing.assert_allclose(table["Huber loss"], [0.125, 0.125, 0.0, 0.18, 12.0])
    np.testing.assert_allclose(table["MSE grad"], results["mse_loss"].grad)


def test_line_fit_table_has_the_outliers_pull():
    data = toy_line(20.0)
    fits = fit_lines(data.x, data.y, 1.0, 2.0)
    headers = {k: k for k in ("loss", "slope", "intercept", "objective", "error", "pull")}
    table = line_fit_table(fits, data.outlier_index, LOSS_LABELS, headers)
    assert table["loss"] == ["MSE", "L1", "SmoothL1", "Huber"]
    np.testing.assert_allclose(table["pull"][1:], [-1.0, -1.0, -2.0])
    np.testing.assert_allclose(table["pull"][0], 2 * table["error"][0])
    np.testing.assert_allclose(table["slope"], [fit.slope for fit in fits.values()])


def test_tables_go_to_the_page_as_arrow_tables():
    data = toy_line(0.0)
    headers = {k: k for k in ("loss", "slope", "intercept", "objective", "error", "pull")}
    table = arrow_table(line_fit_table(fit_lines(data.x, data.y), 29, LOSS_LABELS, headers))
    assert table.schema.field("loss").type == pa.string()
    assert table.column("loss").to_pylist() == ["MSE", "L1", "SmoothL1", "Huber"]
    assert table.schema.field("slope").type == pa.float64()
