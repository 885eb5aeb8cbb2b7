"""Cursor pages of list endpoints, under the official SDK's names (``together.pagination``).

``for item in client.x.list(): ...`` walks every page; ``page.has_next_page()``,
``page.get_next_page()`` and ``page.iter_pages()`` give the pages themselves.
"""

from ._pagination import AsyncCursorPagination, AsyncPaginator, SyncCursorPagination

__all__ = ["AsyncCursorPagination", "AsyncPaginator", "SyncCursorPagination"]
