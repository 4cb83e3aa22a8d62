-- Reference categories of needs and offers (editable later by instance admins).
INSERT INTO categories (slug, name, position) VALUES
    ('materiel',     'Matériel',                 1),
    ('benevolat',    'Bénévolat',                2),
    ('competences',  'Compétences',              3),
    ('local',        'Local, salle',             4),
    ('vehicule',     'Véhicule, transport',      5),
    ('alimentation', 'Alimentation',             6),
    ('don',          'Don, financement',         7),
    ('service',      'Service, autre',           8);
