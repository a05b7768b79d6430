"""Demo accounts printed by `make run` and the README. Never used outside demo data."""

DEMO_STAFF = ("staff@tsunagu.example", "tsunagu-staff-2026", "サポートセンター 職員")
DEMO_MEMBER = ("member@tsunagu.example", "tsunagu-demo-2026", "片平 町内会長")
DEMO_COMPANY = ("company@tsunagu.example", "tsunagu-company-2026", "杜の都電機 CSR担当")
