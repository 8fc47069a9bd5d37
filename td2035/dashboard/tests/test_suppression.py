from td2035.dashboard.suppression import K, complementary, publish, publish_count


def test_k_is_five() -> None:
    assert K == 5


def test_figures_over_fewer_than_five_organisations_are_not_published() -> None:
    assert publish(42.0, 4) is None
    assert publish(42.0, 5) == 42.0
    assert publish(42.0, 0) is None
    assert publish_count(4) is None
    assert publish_count(1) is None
    assert publish_count(0) == 0
    assert publish_count(5) == 5


def test_a_lone_suppressed_cell_takes_the_smallest_other_cell_with_it() -> None:
    # 3 could be recovered as total - 10 - 7 - 20: the 7 goes too.
    assert complementary([10, 3, 7, 20]) == {1, 2}


def test_two_suppressed_cells_need_no_complement() -> None:
    assert complementary([10, 3, 2, 20]) == {1, 2}


def test_empty_cells_are_neither_suppressed_nor_complements() -> None:
    assert complementary([0, 10, 0, 4]) == {3, 1}
    assert complementary([0, 10, 12]) == set()
