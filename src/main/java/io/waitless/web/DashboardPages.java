package io.waitless.web;

import java.util.List;

import static io.waitless.web.Pages.escape;

/**
 * The dashboard's HTML: the login form and the page shell. The shell holds no numbers: it paints at once and
 * {@code dashboard.js} fetches the data after. No inline script or style anywhere (the Content-Security-Policy
 * forbids both); every text is escaped. Pure.
 */
final class DashboardPages {
    static final String BASE = "/dashboard";
    static final String ASSETS = BASE + "/assets/";

    private DashboardPages() {
    }

    private static String head(String title) {
        return "<!doctype html><html lang=en><head><meta charset=utf-8>"
                + "<meta name=viewport content=\"width=device-width, initial-scale=1\"><meta name=robots content=noindex>"
                + "<title>" + escape(title) + "</title>"
                + "<link rel=icon href=\"" + ASSETS + "favicon.svg\" type=\"image/svg+xml\">"
                + "<link rel=stylesheet href=\"" + ASSETS + "dashboard.css\">";
    }

    /**
     * @param message what went wrong with the last try ("" for none)
     * @param csrf    the pre-login token, also set as a cookie
     */
    static String login(String company, String message, String csrf) {
        return head("Log in · Waitless") + "</head><body class=login><main>"
                + "<h1>Waitless</h1><p class=sub>" + escape(company) + " · analysts' dashboard</p>"
                + (message.isEmpty() ? "" : "<p class=error role=alert id=login-error>" + escape(message) + "</p>")
                + "<form method=post action=\"" + BASE + "/login\" id=login-form>"
                + "<input type=hidden name=csrf value=\"" + escape(csrf) + "\">"
                + "<label>User <input name=user id=user autocomplete=username required maxlength=64></label>"
                + "<label>Password <input type=password name=password id=password autocomplete=current-password"
                + " required maxlength=200></label>"
                + "<button type=submit>Log in</button></form></main></body></html>";
    }

    /**
     * The dashboard shell.
     *
     * @param queues the configured queues, for the filter
     * @param csrf   the session's CSRF token, for the logout form
     */
    static String shell(String company, String user, List<String> queues, String csrf) {
        return shell(company, user, queues, csrf, false);
    }

    /** @param followUps whether this node runs follow-ups: the survey and alert panels then load their data */
    static String shell(String company, String user, List<String> queues, String csrf, boolean followUps) {
        StringBuilder options = new StringBuilder("<option value=\"\">all queues</option>");
        queues.forEach(q -> options.append("<option value=\"").append(escape(q)).append("\">").append(escape(q))
                .append("</option>"));
        return head("Dashboard · Waitless")
                + "<script src=\"" + ASSETS + "chart.umd.js\" defer></script>"
                + "<script src=\"" + ASSETS + "dashboard.js\" defer></script></head><body data-state=loading>"
                + "<header><h1>Waitless <span class=sub>" + escape(company) + "</span></h1>"
                + "<form method=post action=\"" + BASE + "/logout\" id=logout-form><span class=user>" + escape(user)
                + "</span><input type=hidden name=csrf value=\"" + escape(csrf) + "\">"
                + "<button type=submit>Log out</button></form></header>"
                + "<p id=status role=status aria-live=polite>Loading the numbers…</p>"
                + "<form id=filters><label>From <input type=date id=from name=from></label>"
                + "<label>To <input type=date id=to name=to></label>"
                + "<label>Queue <select id=queue name=queue>" + options + "</select></label>"
                + "<button type=submit>Show</button> <a id=csv href=\"" + BASE + "/funnel.csv?by=day\" download>"
                + "Download the funnel (CSV)</a></form>"
                + "<section id=live><h2>Now <span class=sub>(refreshed every 10 s)</span></h2><dl class=tiles>"
                + tile("live-waiting", "calls waiting") + tile("live-offers", "offers, last hour")
                + tile("live-accepted", "accepted, last hour") + tile("live-sent", "texts sent, last hour")
                + "</dl></section>"
                + "<section id=funnel><h2>Funnel <span class=sub id=range></span></h2>"
                + "<div class=chart><canvas id=funnel-chart aria-label=\"Funnel: calls to completed\" role=img>"
                + "</canvas></div><table id=funnel-table><thead><tr><th>step<th>calls<th>of calls</thead>"
                + "<tbody></tbody></table>"
                + "<p>Repeat-call rate (called again after accepting): <strong id=repeat-rate>–</strong></p></section>"
                + "<section id=trend><h2>By day</h2><div class=chart><canvas id=trend-chart"
                + " aria-label=\"Calls, accepted and completed by day\" role=img></canvas></div></section>"
                + "<section id=ab><h2>A/B experiments <span class=sub>(accepted per offered, 95 % interval)</span>"
                + "</h2><table id=ab-table><thead><tr><th>experiment<th>variant<th>offered<th>accepted<th>rate"
                + "<th>95 % interval<th>verdict</thead><tbody></tbody></table></section>"
                + "<section id=reasons><h2>Where calls end and why texts are not offered</h2><div class=columns>"
                + "<div><h3>How calls ended</h3><table id=ended-table class=breakdown><tbody></tbody></table></div>"
                + "<div><h3>Not offered (withheld)</h3><table id=withheld-table class=breakdown><tbody></tbody>"
                + "</table></div><div><h3>Pressed 1 but refused</h3><table id=refused-table class=breakdown><tbody>"
                + "</tbody></table></div></div></section>"
                + "<section id=surveys" + (followUps ? " data-on=true" : "") + "><h2>Survey scores <span class=sub"
                + " id=surveys-range></span></h2><p id=surveys-empty>"
                + (followUps ? "No surveys yet: no survey was answered in this period."
                        : "No surveys yet: follow-ups are off on this node (followup.enabled), so no survey is sent.")
                + "</p><div id=surveys-result hidden><p>Mean <strong id=surveys-mean>–</strong> of"
                + " <strong id=surveys-answers>–</strong> answers (first-time digital users:"
                + " <strong id=surveys-first-mean>–</strong> of <strong id=surveys-first-answers>–</strong>)</p>"
                + "<table id=surveys-table><thead><tr><th>score<th>answers</thead><tbody></tbody></table>"
                + "<table id=surveys-counts class=breakdown><tbody></tbody></table></div>"
                + "<h3>Open alerts</h3><p id=alerts-empty>No open alerts.</p><table id=alerts-table hidden><thead><tr>"
                + "<th>when<th>why<th>score<th>number<th>queue<th>comment</thead><tbody></tbody></table></section>"
                + "<section id=journey><h2>A caller's journey</h2><form id=journey-form>"
                + "<label>Phone number, caller reference or deflection id <input id=journey-id name=id required"
                + " maxlength=100 autocomplete=off></label><button type=submit>Find</button></form>"
                + "<div id=journey-result hidden><p>Caller <strong id=journey-masked></strong>"
                + " <span class=sub id=journey-ref></span></p><ol id=journey-timeline></ol></div></section>"
                + "</body></html>";
    }

    private static String tile(String id, String label) {
        return "<div><dt>" + escape(label) + "</dt><dd id=" + id + ">–</dd></div>";
    }
}
