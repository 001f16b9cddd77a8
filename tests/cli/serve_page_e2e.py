"""serve_page_e2e.py — the analysts' page of `vet serve` end to end in
headless Chromium, driven as a person would: type a name, press Enter, read
the results, open a record, follow its source link (run by
test_serve_page.sh, which starts the server).

usage: serve_page_e2e.py URL DATA_JSONL SCREENSHOT_PNG
Screenshots: SCREENSHOT_PNG (the results, with an explanation open; only
with the matcher) and SCREENSHOT-record.png (an entity's record).
Prints one line per check and "N passed, N failed"; exits 0 only if every
check passed. Expected values come from the list file itself (DATA_JSONL),
read here with the json module.
"""
import json
import sys
import cdp

url, data_path, shot = sys.argv[1], sys.argv[2], sys.argv[3]
lines = open(data_path, encoding="utf-8").read().splitlines()
header = json.loads(lines[0])["vet_list"]
entities = {e["source_id"]: e for e in (json.loads(l) for l in lines[1:] if l.strip())}

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}")


def text(b, selector):
    return b.eval(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || ''")


b = cdp.Browser(cdp.find_chromium())
try:
    matcher = json.load(__import__("urllib.request").request.urlopen(url + "/readyz"))["matcher"]

    # The page loads, shows what it screens against, and loads nothing from elsewhere.
    b.navigate(url + "/")
    banner = f"{header['id']} ({header['date']}, {len(entities)} entities)"
    try:
        b.wait_for(f"document.getElementById('snapshot').textContent.includes({json.dumps(banner)})")
        check(True, f"the banner names the list: {banner}")
    except TimeoutError:
        check(False, f"the banner names the list: {banner}; got {text(b, '#snapshot')!r}")
    origins = b.eval("performance.getEntriesByType('resource').map(r => new URL(r.name).origin)")
    check(origins and all(o == url for o in origins), f"every resource comes from the server itself ({len(origins)})")
    unlabelled = b.eval("[...document.querySelectorAll('input, select')].filter(e => "
                        "!document.querySelector(`label[for=\"${e.id}\"]`)).map(e => e.id)")
    check(unlabelled == [], f"every field has a label (unlabelled: {unlabelled})")
    check(b.eval("document.documentElement.lang") == "en", "the page declares its language")

    # A person types a name, picks a type, and presses Enter.
    b.type_into("#name", "Candiru")
    b.eval("(() => { const s = document.getElementById('type'); s.value = 'organization';"
           " s.dispatchEvent(new Event('change')); })()")
    b.press_enter()
    check(b.wait_for("location.hash") == "#name=Candiru&type=organization",
          "the query is kept in the address (#name=Candiru&type=organization)")
    if matcher:
        b.wait_for("document.querySelectorAll('.result').length > 0")
        status = text(b, "#status")
        check("result" in status and "Candiru" in status, f"the status line counts the results: {status!r}")
        first = text(b, ".result h3")
        check(first == entities["IL:candiru"]["name"], f"the first result is Candiru: {first!r}")
        score = float(text(b, ".result .score"))
        width = b.eval("document.querySelector('.result .bar > span').style.width")
        check(0 < score <= 1 and width == f"{round(score * 100)}%", f"the score bar shows the score ({score}, {width})")
        check(b.eval("document.querySelector('.result').classList.contains('match')"),
              "an exact name is shown as a match")
        b.click(".result details summary")
        rows = b.eval("[...document.querySelectorAll('.result .tokens tbody tr')].map(r => r.innerText)")
        check(any("candiru" in r.lower() for r in rows), f"the explanation shows the words that matched: {rows}")
        b.screenshot(shot)
        b.click(".result .actions button")
    else:
        status = b.wait_for("document.getElementById('status').classList.contains('error') && "
                            "document.getElementById('status').textContent")
        check("not available" in status, f"without the matcher the page says so: {status!r}")
        print("SKIP results, score bars and explanations: this vet has no matcher yet (vet_screen)")
        b.navigate(url + "/#entity=bis-el/IL:candiru")

    # The record opens with every field and a link to the official source.
    b.wait_for("!!document.getElementById('record').open && "
               "!!document.getElementById('record-body').querySelector('dl')")
    check(text(b, "#record-title") == entities["IL:candiru"]["name"], "the record is Candiru's")
    dds = b.eval("[...document.querySelectorAll('#record-body dd')].map(e => e.textContent)")
    aliases = [n["name"] for n in entities["IL:candiru"]["names"]]
    check(all(a in dds for a in aliases), f"the record lists all {len(aliases)} aliases")
    check(entities["IL:candiru"]["license_policy"] in dds, "the record shows the license policy")
    href = b.eval("(document.querySelector('#record-body a.source') || {}).href")
    check(href == entities["IL:candiru"]["source_url"], f"the record links to its official source: {href}")
    b.screenshot(shot.replace(".png", "-record.png"))

    # Closing the record and a shared link that searches on load.
    b.click("#record-close")
    check(not b.eval("document.getElementById('record').open"), "the record closes")
    b.navigate(url + "/#name=NSO%20Group&country=IL")
    b.wait_for("document.getElementById('status').textContent.length > 0")
    check(b.eval("document.getElementById('name').value") == "NSO Group" and
          b.eval("document.getElementById('country').value") == "IL",
          "a link with the query fills the form and screens on load")
    if matcher:
        b.wait_for("document.querySelectorAll('.result').length > 0")
        check(text(b, ".result h3") == entities["IL:nso-group"]["name"], "NSO Group is found from a shared link")
        # A listed word left out that counts at less than its weight says so: "Initiative" is a
        # company's middle word (docs/MATCHING.md §2).
        b.navigate(url + "/#name=Computer%20Security%20Consultancy")
        b.wait_for("document.querySelectorAll('.result').length > 0")
        b.click(".result details summary")
        rows = b.eval("[...document.querySelectorAll('.result .tokens tbody tr')].map(r => r.innerText)")
        check(any("initiative" in r.lower() and "missing, counts 80%" in r for r in rows),
              f"a missing middle word shows the share of its weight that counts: {rows}")
finally:
    b.close()

print(f"{passed} passed, {failed} failed")
sys.exit(0 if failed == 0 and passed > 0 else 1)
