"""Django's `{% url %}`, reversed through jobbspar.fast_urls.reverse_fast.

Loaded as a template builtin (settings.TEMPLATES), after Django's own, so every `{% url %}`
takes it: the same syntax and the same address (`as var`, keyword arguments and errors as
Django's tag), with a page's links of one URL name worked out once (issue 18).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from jobbspar.fast_urls import reverse_fast

register = template.Library()


class FastURLNode(defaulttags.URLNode):
    def render(self, context: Any) -> str:
        if self.kwargs:  # keyword arguments: Django's own tag
            return str(super().render(context))
        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse_fast(view_name, args, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: Any, token: Any) -> FastURLNode:
    node = defaulttags.url(parser, token)
    return FastURLNode(node.view_name, node.args, node.kwargs, node.asvar)
