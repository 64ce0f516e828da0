from chanuka_db.search import search_bills
def test_empty(chanuka_db):
    with chanuka_db.session() as s:
        page = search_bills(s, "coffee")
        assert page.total == 0
