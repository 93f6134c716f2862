#!/usr/bin/env python3
"""Generate the example project's seed CSVs in data/.

The example shop sells to about 1,000 customers across Western Europe from a
catalogue of 200 products; it takes 10,000 orders between 2024-01-01 and
2025-12-31 with about 30,000 order lines. The data is deterministic: one
`random.Random(42)` drives every choice, and only the standard library is used,
so running this script again reproduces the committed files byte for byte.

Invariants the models and data tests rely on:
- every foreign key resolves (orders.customer_id, order_items.order_id and
  order_items.product_id);
- a customer signs up before their first order, and a product exists before it
  is ordered;
- `shipped_at` is empty for placed and cancelled orders, `delivered_at` is
  empty unless the order was delivered or returned, and both never lie after
  the end of 2025;
- an order's discount code decides the discount of all its lines;
- order ids increase with `ordered_at`, and a product appears at most once per
  order.

Usage: python3 scripts/gen_data.py [output-dir]   (default: data/ at the repo root)
"""

import bisect
import csv
import datetime as dt
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from random import Random

SEED = 42
CUSTOMER_COUNT = 1000
PRODUCT_COUNT = 200
ORDER_COUNT = 10_000
FIRST_ORDER_DAY = dt.date(2024, 1, 1)
LAST_ORDER_DAY = dt.date(2025, 12, 31)
# The moment the extract was taken: order statuses are as of this instant.
SNAPSHOT_AT = dt.datetime(2026, 1, 1, 0, 0, 0)
CENT = Decimal("0.01")

FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Ines",
    "Jonas", "Katrin", "Lukas", "Marie", "Noah", "Olivia", "Paul", "Quentin",
    "Rosa", "Sophie", "Tom", "Ursula", "Victor", "Wiebke", "Xavier", "Yara",
    "Zoe", "Amelie", "Bastian", "Chiara", "Dario", "Emma", "Finn", "Giulia",
    "Hannah", "Isabel", "Jan", "Lea", "Mateo", "Nina", "Oscar", "Pia", "Sara",
    "Theo", "Lucia", "Marco", "Julien", "Camille", "Sean", "Aoife", "Lars",
]
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
    "Becker", "Dubois", "Martin", "Bernard", "Moreau", "Laurent", "de Vries",
    "Jansen", "van Dijk", "Bakker", "Peeters", "Janssens", "García",
    "Fernández", "López", "Martínez", "Rossi", "Russo", "Ferrari", "Esposito",
    "Bianchi", "Gruber", "Huber", "Murphy", "Kelly", "O'Brien", "Walsh",
    "Novak", "Horvat", "Silva", "Santos", "Nielsen", "Hansen",
]
# (country, phone prefix, cities)
COUNTRIES = [
    ("Germany", "+49", ["Berlin", "Hamburg", "Munich", "Cologne", "Leipzig"]),
    ("France", "+33", ["Paris", "Lyon", "Marseille", "Toulouse", "Lille"]),
    ("Netherlands", "+31", ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"]),
    ("Belgium", "+32", ["Brussels", "Antwerp", "Ghent", "Liège"]),
    ("Spain", "+34", ["Madrid", "Barcelona", "Valencia", "Seville"]),
    ("Italy", "+39", ["Rome", "Milan", "Turin", "Bologna", "Naples"]),
    ("Austria", "+43", ["Vienna", "Graz", "Salzburg"]),
    ("Ireland", "+353", ["Dublin", "Cork", "Galway"]),
]
COUNTRY_WEIGHTS = [30, 22, 12, 8, 10, 10, 5, 3]
EMAIL_DOMAINS = ["gmail.com", "outlook.com", "web.de", "gmx.net", "orange.fr", "yahoo.com", "icloud.com"]

# category -> subcategory -> (price range in EUR, nouns)
CATALOGUE = {
    "Electronics": {
        "Audio": ((19, 249), ["Headphones", "Earbuds", "Speaker", "Soundbar"]),
        "Accessories": ((9, 59), ["Charger", "Cable", "Power Bank", "Phone Case"]),
        "Smart Home": ((24, 179), ["Smart Plug", "Camera", "Thermostat", "Doorbell"]),
    },
    "Home & Kitchen": {
        "Cookware": ((15, 149), ["Frying Pan", "Saucepan", "Dutch Oven", "Wok"]),
        "Storage": ((6, 49), ["Food Container", "Jar Set", "Shelf", "Basket"]),
        "Lighting": ((12, 119), ["Desk Lamp", "Floor Lamp", "LED Strip", "Lantern"]),
    },
    "Sports & Outdoors": {
        "Fitness": ((9, 199), ["Yoga Mat", "Dumbbell Set", "Kettlebell", "Resistance Band"]),
        "Outdoor": ((14, 229), ["Tent", "Sleeping Bag", "Backpack", "Water Bottle"]),
        "Cycling": ((8, 159), ["Bike Light", "Helmet", "Bike Lock", "Saddle"]),
    },
    "Books": {
        "Fiction": ((8, 24), ["Novel", "Thriller", "Short Stories"]),
        "Non-fiction": ((10, 39), ["Cookbook", "Travel Guide", "Biography"]),
        "Children": ((6, 19), ["Picture Book", "Activity Book"]),
    },
    "Beauty": {
        "Skincare": ((7, 69), ["Face Cream", "Serum", "Cleanser", "Sunscreen"]),
        "Haircare": ((5, 45), ["Shampoo", "Conditioner", "Hair Oil"]),
    },
}
BRANDS = ["Nordlicht", "Aurora", "Vela", "Kestrel", "Mistral", "Lumen", "Tessera", "Orbis", "Halden", "Brio"]
ADJECTIVES = ["Classic", "Pro", "Compact", "Eco", "Premium", "Essential", "Ultra", "Mini", "Urban", "Studio"]

# A discount code applies its percentage to every line of the order.
DISCOUNT_CODES = {"WELCOME10": "0.10", "SPRING15": "0.15", "SUMMER20": "0.20", "BLACKFRIDAY25": "0.25", "LOYAL5": "0.05"}
# Shipping is free from this item total on; store purchases never ship.
FREE_SHIPPING_FROM = Decimal("50.00")
SHIPPING_COST = Decimal("4.95")


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_datetime(value):
    return value.strftime("%Y-%m-%d %H:%M:%S")


def fmt_optional_datetime(value):
    return "" if value is None else fmt_datetime(value)


def random_moment(rng, day):
    """A time on `day`, weighted towards the afternoon and evening."""
    hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 10, 10, 9, 9, 9, 10, 12, 13, 12, 9, 5, 2])[0]
    return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def make_customers(rng):
    start, end = dt.date(2023, 1, 1), dt.date(2025, 12, 20)
    signup_days = sorted(start + dt.timedelta(days=rng.randrange((end - start).days + 1)) for _ in range(CUSTOMER_COUNT))
    customers, seen_emails = [], set()
    # Customer ids follow signup order, as an auto-increment key would.
    for customer_id, signup_date in enumerate(signup_days, start=1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        country, prefix, cities = rng.choices(COUNTRIES, weights=COUNTRY_WEIGHTS)[0]
        local = f"{first}.{last}".replace(" ", "").replace("'", "")
        if local.lower() in seen_emails or rng.random() < 0.3:
            local = f"{local}{customer_id}"
        seen_emails.add(local.lower())
        # Some sign-up forms kept the capitals the customer typed.
        email = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
        if rng.random() < 0.6:
            email = email.lower()
        phone = "" if rng.random() < 0.22 else f"{prefix} {rng.randrange(100, 999)} {rng.randrange(1000000, 9999999)}"
        customers.append({
            "customer_id": customer_id,
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": phone,
            "city": rng.choice(cities),
            "country": country,
            "signup_date": signup_date.isoformat(),
            "marketing_opt_in": "true" if rng.random() < 0.45 else "false",
        })
    return customers


def make_products(rng):
    subcategories = [(category, sub, spec) for category, subs in CATALOGUE.items() for sub, spec in subs.items()]
    start = dt.datetime(2023, 1, 1)
    products, seen_names = [], set()
    for product_id in range(1, PRODUCT_COUNT + 1):
        category, subcategory, ((low, high), nouns) = rng.choice(subcategories)
        brand = rng.choice(BRANDS)
        name = f"{brand} {rng.choice(ADJECTIVES)} {rng.choice(nouns)}"
        while name in seen_names:
            name = f"{name} {rng.choice(['II', 'Plus', 'Max', 'Lite', 'XL'])}"
        seen_names.add(name)
        charm_priced = rng.random() < 0.7
        unit_price = money(rng.uniform(low, high))
        if charm_priced:
            # Most prices end in .99.
            unit_price = unit_price // 1 + Decimal("0.99")
        unit_cost = money(unit_price * Decimal(str(round(rng.uniform(0.35, 0.7), 3))))
        # Most of the catalogue predates the order history; the rest launches during it.
        if rng.random() < 0.7:
            created_at = start + dt.timedelta(seconds=rng.randrange(365 * 86400))
        else:
            created_at = dt.datetime(2024, 1, 1) + dt.timedelta(seconds=rng.randrange(640 * 86400))
        products.append({
            "product_id": product_id,
            "product_name": name,
            "category": category,
            "subcategory": subcategory,
            # Marketplace items come without a brand.
            "brand": "" if rng.random() < 0.1 else brand,
            "unit_price": f"{unit_price}",
            "unit_cost": f"{unit_cost}",
            "is_active": "false" if rng.random() < 0.08 else "true",
            "created_at": fmt_datetime(created_at.replace(microsecond=0)),
        })
    return products


def order_moments(rng):
    """ORDER_COUNT order times in order: growing over the two years, with a November-December peak."""
    days = [FIRST_ORDER_DAY + dt.timedelta(days=offset) for offset in range((LAST_ORDER_DAY - FIRST_ORDER_DAY).days + 1)]
    weights = []
    for index, day in enumerate(days):
        weight = 1.0 + 0.8 * index / len(days)
        if day.month in (11, 12):
            weight *= 1.5
        if day.weekday() >= 5:
            weight *= 1.2
        weights.append(weight)
    return sorted(random_moment(rng, day) for day in rng.choices(days, weights=weights, k=ORDER_COUNT))


def order_status(rng, channel, ordered_at):
    """Status and fulfilment times as of SNAPSHOT_AT."""
    if channel == "store":
        # Store purchases are handed over at the till.
        status = rng.choices(["delivered", "returned"], weights=[96, 4])[0]
        return status, ordered_at, ordered_at
    age_days = (SNAPSHOT_AT - ordered_at).total_seconds() / 86400
    if rng.random() < 0.05:
        return "cancelled", None, None
    shipped_at = ordered_at + dt.timedelta(minutes=rng.randrange(4 * 60, 48 * 60))
    if shipped_at >= SNAPSHOT_AT or (age_days < 3 and rng.random() < 0.5):
        return "placed", None, None
    delivered_at = shipped_at + dt.timedelta(minutes=rng.randrange(20 * 60, 5 * 24 * 60))
    if delivered_at >= SNAPSHOT_AT:
        return "shipped", shipped_at, None
    status = "returned" if rng.random() < 0.06 else "delivered"
    return status, shipped_at, delivered_at


def make_orders(rng, customers, products):
    signups = [dt.date.fromisoformat(c["signup_date"]) for c in customers]
    # Some customers buy far more often than others.
    activity = [rng.lognormvariate(0, 0.8) for _ in customers]
    cumulative_activity = []
    total = 0.0
    for value in activity:
        total += value
        cumulative_activity.append(total)
    products_by_launch = sorted(products, key=lambda p: p["created_at"])
    launches = [p["created_at"] for p in products_by_launch]
    popularity = {p["product_id"]: rng.lognormvariate(0, 0.7) for p in products}

    orders, items = [], []
    for order_id, ordered_at in enumerate(order_moments(rng), start=1):
        day = ordered_at.date()
        # Only customers who signed up before the order day can place it.
        eligible = bisect.bisect_left(signups, day)
        customer = rng.choices(customers[:eligible], cum_weights=cumulative_activity[:eligible])[0]
        channel = rng.choices(["web", "mobile", "store"], weights=[55, 35, 10])[0]
        status, shipped_at, delivered_at = order_status(rng, channel, ordered_at)
        discount_code = rng.choice(list(DISCOUNT_CODES)) if rng.random() < 0.12 else ""
        if discount_code == "BLACKFRIDAY25" and day.month != 11:
            discount_code = "WELCOME10"
        discount_pct = DISCOUNT_CODES.get(discount_code, "0.00")

        available = products_by_launch[: bisect.bisect_left(launches, fmt_datetime(ordered_at))]
        line_count = rng.choices([1, 2, 3, 4, 5, 6], weights=[22, 24, 20, 15, 11, 8])[0]
        chosen = []
        while len(chosen) < min(line_count, len(available)):
            product = rng.choices(available, weights=[popularity[p["product_id"]] for p in available])[0]
            if product not in chosen:
                chosen.append(product)
        item_total = Decimal("0")
        for product in chosen:
            quantity = rng.choices([1, 2, 3, 4, 5], weights=[70, 20, 6, 3, 1])[0]
            unit_price = Decimal(product["unit_price"])
            item_total += quantity * unit_price * (1 - Decimal(discount_pct))
            items.append({
                "order_item_id": len(items) + 1,
                "order_id": order_id,
                "product_id": product["product_id"],
                "quantity": quantity,
                "unit_price": f"{unit_price}",
                "discount_pct": discount_pct,
            })
        shipping_cost = Decimal("0.00") if channel == "store" or item_total >= FREE_SHIPPING_FROM else SHIPPING_COST
        orders.append({
            "order_id": order_id,
            "customer_id": customer["customer_id"],
            "ordered_at": fmt_datetime(ordered_at),
            "status": status,
            "channel": channel,
            "shipping_cost": f"{shipping_cost}",
            "discount_code": discount_code,
            "shipped_at": fmt_optional_datetime(shipped_at),
            "delivered_at": fmt_optional_datetime(delivered_at),
        })
    return orders, items


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows):>6} rows to {path}")


def main():
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = Random(SEED)
    customers = make_customers(rng)
    products = make_products(rng)
    orders, items = make_orders(rng, customers, products)
    write_csv(out_dir / "customers.csv", customers)
    write_csv(out_dir / "products.csv", products)
    write_csv(out_dir / "orders.csv", orders)
    write_csv(out_dir / "order_items.csv", items)


if __name__ == "__main__":
    main()
