"""Load run of issue 20 « Grandir » (scripts/bench-load.sh): simulated users of a territory,
each sending a request every 1 to 3 seconds through the reverse proxy — pages, searches,
the map, and for signed-in users publishing and replying. Every user comes from its own
address: the proxy (nginx, realip) takes it from X-Client-Address and appends it to
X-Forwarded-For, which the instances trust from the proxy only (COIN_TRUSTED_PROXIES)."""

import itertools
import os
import random

from locust import HttpUser, between, events, task

PUBLIC_URL = os.environ.get("LOAD_PUBLIC_URL", "http://127.0.0.1:8088")
PASSWORD = "partage-demo-2026"
ACCOUNTS = int(os.environ.get("LOAD_ACCOUNTS", "200"))
WORDS = ["camion", "salle", "outils", "benevoles", "jardin", "velo", "cuisine", "reparation", "ordinateur", "four"]
# Views a visitor opens: around Uzès, Lille, Capdenac and the whole country.
VIEWS = [
    ("4.30,43.95,4.55,44.10", 12),
    ("2.95,50.55,3.20,50.70", 12),
    ("1.90,44.50,2.25,44.65", 11),
    ("-5.2,41.3,9.6,51.1", 6),
    ("3.5,43.5,5.0,44.5", 9),
]
USERS = itertools.count()
POSTS, STRUCTURES = [], []


@events.test_start.add_listener
def read_site(environment, **_):
    """The ids and slugs the users will visit, read once from the open-data API."""
    import json
    import urllib.request

    host = environment.host
    with urllib.request.urlopen(f"{host}/api/v1/posts") as r:
        data = json.load(r)
    POSTS.extend(p["id"] for p in data.get("posts", data.get("items", [])))
    with urllib.request.urlopen(f"{host}/api/v1/structures") as r:
        data = json.load(r)
    STRUCTURES.extend(s["slug"] for s in data.get("structures", data.get("items", [])))
    assert POSTS and STRUCTURES, "no posts or structures to visit"


class Member(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        n = next(USERS)
        self.n = n
        self.client.headers["X-Client-Address"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256 or 1}"
        self.signed_in = n < ACCOUNTS
        if self.signed_in:
            self.api("log_in", f"email=charge{n}%40example.org&password={PASSWORD}", name="POST /api/log_in")

    def api(self, endpoint, form, name):
        headers = {"Origin": PUBLIC_URL, "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(f"/api/{endpoint}", data=form, headers=headers, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")

    @task(3)
    def home(self):
        self.client.get("/", name="/")

    @task(4)
    def list_posts(self):
        self.client.get("/partage", name="/partage")

    @task(4)
    def search(self):
        self.client.get(f"/partage?q={random.choice(WORDS)}", name="/partage?q=…")

    @task(4)
    def post_page(self):
        self.client.get(f"/partage/{random.choice(POSTS)}", name="/partage/{id}")

    @task(2)
    def directory(self):
        self.client.get("/annuaire", name="/annuaire")

    @task(2)
    def structure_page(self):
        self.client.get(f"/structures/{random.choice(STRUCTURES)}", name="/structures/{slug}")

    @task(5)
    def map_view(self):
        bbox, zoom = random.choice(VIEWS)
        word = f"&q={random.choice(WORDS)}" if random.random() < 0.2 else ""
        self.client.get(f"/api/v1/map?bbox={bbox}&zoom={zoom}{word}", name="/api/v1/map")

    @task(1)
    def map_page(self):
        self.client.get("/carte", name="/carte")

    @task(1)
    def resources(self):
        self.client.get("/ressources", name="/ressources")

    @task(1)
    def publish(self):
        if not self.signed_in:
            return self.search()
        title = f"Prêt de matériel n° {self.n}-{random.randint(1, 10**6)}"
        form = (
            "form[author]=moi&form[kind]=offer&form[category]=materiel"
            f"&form[title]={title.replace(' ', '+')}&form[description]=Des+tables+et+des+bancs+pour+une+f%C3%AAte+de+quartier."
            "&form[commune]=Uz%C3%A8s&intent=publish"
        )
        self.api("save_post", form, name="POST /api/save_post")

    @task(1)
    def reply(self):
        if not self.signed_in:
            return self.post_page()
        form = f"post_id={random.choice(POSTS)}&message=Bonjour%2C+nous+pouvons+aider+samedi.&reply_as=moi"
        self.api("reply_to_post", form, name="POST /api/reply_to_post")
