"""One article in full: mentions highlighted by kind, event passages marked, a deep-linked passage in view."""

from geo import ui

PAGE_TITLE = "Article"
PAGE_ICON = ":material/article:"
PAGE_URL = "article"

evidence, state = ui.current()
ui.render_notices()
article_id = ui.render_article_picker(evidence)
if article_id:
    ui.render_article(evidence, article_id)
ui.render_credits(evidence, state)
