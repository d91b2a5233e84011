"""The media library (/media)."""

import reflex as rx

from allin_app.ui.components import content_tabs, empty_state, page_header
from allin_app.ui.shell import app_page


@app_page("content", "Media", route="/media")
def media_library() -> rx.Component:
    return rx.vstack(page_header("Media", "Images, GIFs, videos and PDFs for your posts."), content_tabs("media"),
                     empty_state("image", "No media yet", "Files you upload appear here, in folders, ready to "
                                 "attach to posts."), width="100%")
