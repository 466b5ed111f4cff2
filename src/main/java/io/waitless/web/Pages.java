package io.waitless.web;

import java.net.URI;
import java.util.Optional;

/** The plain HTML pages people see when a link or token does not work. Pure; every text is escaped. */
final class Pages {
    private Pages() {
    }

    /**
     * @param fallback where to go instead (the flow without a token, or the company's site); empty for none
     */
    static String page(String title, String text, Optional<URI> fallback, String fallbackLabel) {
        String link = fallback.map(u -> "<p><a href=\"" + escape(u.toString()) + "\" rel=\"noreferrer\" "
                + "style=\"display:inline-block;padding:.8em 1.2em;background:#0b57d0;color:#fff;border-radius:.4em;"
                + "text-decoration:none\">" + escape(fallbackLabel) + "</a></p>").orElse("");
        return "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content=\"width=device-width\">"
                + "<meta name=robots content=noindex>"
                + "<title>" + escape(title) + "</title><body style=\"font-family:sans-serif;max-width:30em;margin:3em auto;"
                + "padding:0 1em;line-height:1.5\">"
                + "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p>" + link + "</body></html>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
