"""How a transfer's progress reads on the Models page."""

from __future__ import annotations

from desktop.core.model_records import TransferProgress


def test_a_download_shows_size_speed_time_left_and_where_it_resumed() -> None:
    progress = TransferProgress(1_500_000_000, 4_000_000_000, 25_000_000, 100, 1_000_000_000)
    assert progress.describe() == (
        "1,500.0 of 4,000.0 MB (37%), 25.0 MB/s, 1 min 40 s left, resumed at 1,000.0 MB"
    )


def test_an_unknown_size_shows_only_what_arrived() -> None:
    assert TransferProgress(2_000_000, None).describe() == "2.0 MB"


def test_re_reading_a_kept_part_says_so_instead_of_looking_stuck() -> None:
    progress = TransferProgress(1_000_000_000, 4_000_000_000, checking=True)
    assert progress.describe() == "Checking the 4,000.0 MB downloaded before: 25%"
