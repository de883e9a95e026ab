-- A few orders to talk about: two of customer cus-ann, one of cus-bob.
insert into orders (id, customer_id, item, total_cents) values
    ('O-1001', 'cus-ann', 'Trail running shoes', 12900),
    ('O-1002', 'cus-ann', 'Rain jacket', 8900),
    ('O-2001', 'cus-bob', 'Two-person tent', 34900);
