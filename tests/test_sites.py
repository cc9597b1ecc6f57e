"""Whether a source's url is on its publisher's own site: the publisher's name in the host,
or the site the source declares; copies on other sites are told apart."""

from __future__ import annotations

import pytest

from logimap.check.sites import on_publishers_site, url_host

# (url, publisher) pairs of real sources, each on the publisher's own site
OWN = [
    ("https://www.koreadailyus.com/north-korea-received", "Korea Daily"),  # words run together
    ("https://koreajoongangdaily.joins.com/news/2025-05-29", "Korea JoongAng Daily"),
    ("http://world.kbs.co.kr/service/news_view.htm", "KBS World"),  # one word
    ("https://www.ajupress.com/view/20250530145146635", "AJP (Aju Press)"),
    ("https://beyondparallel.csis.org/ongoing-arms", "CSIS Beyond Parallel"),
    ("http://mdb.cast.ru/mdb/3-2011/item4", "Moscow Defense Brief"),  # initials
    ("https://www.defense.gov/News/", "US Department of Defense News"),
    ("https://www.kyivpost.com/post/39368", "Kyiv Post quoting UK Defence Intelligence"),
    ("https://sputnikglobe.com/20250426/x.html", "Sputnik (citing KCNA)"),  # the name begins it
    ("https://38north.org/2025/04/nampho", "38 North"),
    ("https://stories.opensourcecentre.org/refined-tastes", "Open Source Centre"),
    ("https://www.anews.com.tr/world/2025/05/29/x", "A News (citing Yonhap)"),
    ("https://www.nknews.org/2021/05/x", "NK News"),
    ("https://www.lemonde.fr/international/article/x", "Le Monde"),
    ("https://www.sueddeutsche.de/politik/x", "Süddeutsche Zeitung"),  # accent left out
    ("https://www.pravda.com.ua/eng/news/2023/05/26/7403943/", "Ukrainska Pravda"),
]
# copies of real sources on other sites
COPIES = [
    ("https://www.daily8.com/en/article/03f73f560835996ea933ed316762fa72",
     "CNN citing the James Martin Center (CNS)"),
    ("https://trksof.xyz/news/world/europe/x-b2760485.html", "The Independent / AP"),
    ("https://nordot.app/1158889096509734959", "Kyodo News"),
    ("https://www.channelnewsasia.com/east-asia/x-5159071", "Reuters"),
    ("https://www.wired-gov.net/wg/news.nsf/articles/x", "RUSI"),
    ("https://newslingo.site/news/283924", "Arirang News"),
    ("https://world-today-news.com/x", "KBS World"),  # a common word alone is no match
    ("https://newsarirangclips.example/1", "Arirang News"),  # the name inside another word
    ("https://en.yna.co.kr/view/AEN20231014000400315", "Yonhap"),  # its site bears another name
]


@pytest.mark.parametrize(("url", "publisher"), OWN, ids=[p for _, p in OWN])
def test_a_url_on_the_publishers_own_site_is_told_so(url: str, publisher: str):
    assert on_publishers_site(url_host(url), publisher)


@pytest.mark.parametrize(("url", "publisher"), COPIES, ids=[p for _, p in COPIES])
def test_a_url_on_another_site_is_not_the_publishers(url: str, publisher: str):
    assert not on_publishers_site(url_host(url), publisher)


@pytest.mark.parametrize(("host", "site", "own"), [
    ("en.yna.co.kr", "yna.co.kr", True), ("yna.co.kr", "yna.co.kr", True),
    ("notyna.co.kr", "yna.co.kr", False), ("yna.co.kr.example.com", "yna.co.kr", False),
])
def test_a_declared_publisher_site_covers_its_host_and_the_hosts_under_it(host, site, own):
    assert on_publishers_site(host, "Yonhap", site) is own


@pytest.mark.parametrize(("url", "host"), [
    ("https://www.Example.org/a", "example.org"), ("http://example.org:8080/a", "example.org"),
    ("javascript:alert(1)", ""), ("ftp://example.org/", ""), ("not a url", ""),
    ("https://[::1/", ""),
])
def test_url_host_reads_the_host_of_web_addresses_only(url: str, host: str):
    assert url_host(url) == host
