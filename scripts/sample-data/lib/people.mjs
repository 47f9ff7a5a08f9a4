// Hand-picked first and last names, grouped so that pairs look natural. All combinations are invented.
export const NAME_GROUPS = [
  { weight: 14, first: ["Emma", "Jack", "Olivia", "Harry", "Sophie", "George", "Chloe", "Oliver", "Hannah", "Liam", "Megan", "Tom", "Rachel", "Dan", "Katie", "Ben", "Lucy", "Sam", "Abby", "Ryan", "Jess", "Mark", "Laura", "Chris"], last: ["Whitmore", "Fairbanks", "Holloway", "Pembrook", "Ashdown", "Carver", "Lindqvist-Hale", "Marsh", "Thornton", "Kettering", "Bradshaw", "Pryce", "Oakley", "Fenwick", "Garrity", "Hollis", "Sutcliffe", "Merriweather", "Baines", "Calloway", "Dunmore", "Everly"] },
  { weight: 8, first: ["Jonas", "Lea", "Felix", "Marie", "Lukas", "Anna", "Maximilian", "Johanna", "Tobias", "Katrin", "Florian", "Sabine", "Moritz", "Ute", "Jannik", "Greta"], last: ["Brenner", "Hofstetter", "Kranz", "Lindner", "Vogelsang", "Achterberg", "Möller", "Steinhauer", "Rautenberg", "Kühn", "Wiesner", "Falkenrath", "Ostermann", "Brückner"] },
  { weight: 6, first: ["Lucía", "Javier", "Carmen", "Mateo", "Valentina", "Diego", "Sofía", "Alejandro", "Paula", "Andrés", "Ximena", "Rodrigo", "Inés", "Tomás"], last: ["Barrientos", "Castellano", "Ferrández", "Olmedo", "Quintana", "Santamaría", "Villalba", "Echeverría", "Robledo", "Arriaga", "Montiel", "Cifuentes"] },
  { weight: 5, first: ["Camille", "Théo", "Manon", "Hugo", "Léa", "Julien", "Chloé", "Antoine", "Élodie", "Maxime", "Inès", "Baptiste"], last: ["Delacroix", "Moreau-Vidal", "Garnier", "Lefèvre", "Rousset", "Chabert", "Fontaine", "Marchetti", "Perrin", "Vasseur", "Bonnard"] },
  { weight: 3, first: ["Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo", "Elena", "Davide"], last: ["Benedetti", "Marangoni", "Ferraro", "Cattaneo", "Lombardi", "Pellegrini", "Rinaldi"] },
  { weight: 3, first: ["Agnieszka", "Tomasz", "Katarzyna", "Paweł", "Magdalena", "Piotr", "Zofia", "Marek"], last: ["Wiśniewska", "Kowalczyk", "Zielińska", "Nowakowski", "Dąbrowski", "Krawczyk", "Sadowska"] },
  { weight: 3, first: ["Sanne", "Daan", "Femke", "Bram", "Lotte", "Joris", "Eline", "Ruben"], last: ["de Vries", "van Dijk", "Bakker", "Visser", "van der Meulen", "Hoekstra", "Brouwer"] },
  { weight: 3, first: ["Ingrid", "Erik", "Astrid", "Magnus", "Sigrid", "Lars", "Freja", "Nils", "Maja", "Oskar"], last: ["Halvorsen", "Lindgren", "Sørensen", "Nyberg", "Aaland", "Berglund", "Holm", "Strand"] },
  { weight: 5, first: ["Chidi", "Ngozi", "Tunde", "Funmilayo", "Emeka", "Adaeze", "Segun", "Yetunde", "Obinna", "Amaka"], last: ["Okonkwo", "Adeyemi", "Eze", "Balogun", "Nwosu", "Afolabi", "Okafor", "Ogunleye"] },
  { weight: 2, first: ["Kwame", "Ama", "Kofi", "Akosua", "Yaw", "Efua"], last: ["Mensah", "Asante", "Boateng", "Owusu", "Appiah"] },
  { weight: 2, first: ["Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Baraka"], last: ["Mwangi", "Odhiambo", "Kariuki", "Wambua", "Chege"] },
  { weight: 7, first: ["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Meera", "Aditya", "Sneha", "Rahul", "Divya", "Karthik"], last: ["Raghunathan", "Iyer", "Mehta", "Deshpande", "Kulkarni", "Banerjee", "Chatterjee", "Nair", "Reddy", "Malhotra", "Sethi"] },
  { weight: 2, first: ["Ayesha", "Imran", "Fatima", "Bilal", "Sana", "Hamza"], last: ["Qureshi", "Siddiqui", "Chaudhry", "Malik", "Rana"] },
  { weight: 5, first: ["Wei", "Mei", "Jun", "Xiaoling", "Hao", "Yu", "Lin", "Chen"], last: ["Zhang", "Liu", "Huang", "Zhou", "Wu", "Xu", "Lin", "Gao"], eastern: true },
  { weight: 3, first: ["Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Kenji", "Sakura"], last: ["Takahashi", "Nakamura", "Kobayashi", "Watanabe", "Fujii", "Yamamoto", "Inoue"] },
  { weight: 2, first: ["Ji-woo", "Min-jun", "Seo-yeon", "Hyun-woo", "Ha-eun", "Do-yoon"], last: ["Park", "Kim", "Choi", "Jung", "Kang", "Yoon"] },
  { weight: 2, first: ["Linh", "Minh", "Thao", "Quang", "Huong", "Duc"], last: ["Nguyen", "Tran", "Pham", "Le", "Vo", "Dang"] },
  { weight: 2, first: ["Maricel", "Jerome", "Kristine", "Paolo", "Angelica", "Rafael"], last: ["Dela Cruz", "Santos", "Villanueva", "Bautista", "Mercado"] },
  { weight: 3, first: ["Layla", "Omar", "Yasmin", "Karim", "Noor", "Tariq", "Rania", "Samir"], last: ["Haddad", "Al-Masri", "Khoury", "Nasser", "Saleh", "Farouk", "Aziz"] },
  { weight: 2, first: ["Elif", "Emre", "Zeynep", "Burak", "Defne", "Kaan"], last: ["Yılmaz", "Demir", "Aydın", "Kaya", "Öztürk", "Şahin"] },
  { weight: 1, first: ["Darius", "Shirin", "Kian", "Parisa"], last: ["Tehrani", "Farahani", "Rostami", "Karimi"] },
  { weight: 3, first: ["Beatriz", "João", "Larissa", "Thiago", "Camila", "Rafaela", "Gustavo"], last: ["Carvalho", "Albuquerque", "Nogueira", "Teixeira", "Figueiredo", "Moura"] },
  { weight: 1, first: ["Eleni", "Nikos", "Dimitra", "Yannis"], last: ["Papadakis", "Georgiou", "Konstantinou", "Alexiou"] },
  { weight: 3, first: ["Aoife", "Ciarán", "Siobhan", "Niamh", "Eoin", "Fionnuala", "Callum", "Isla"], last: ["Ó Briain", "MacLeod", "Gallagher", "Donnelly", "Fitzgerald", "Kerrigan", "McAllister"] },
  { weight: 1, first: ["Aroha", "Tama", "Mere", "Nikau"], last: ["Ngata", "Parata", "Tūhoe-Walker", "Rangi"] },
  { weight: 3, first: ["Jamal", "Keisha", "Andre", "Tiana", "Marcus", "Imani", "DeShawn", "Aaliyah"], last: ["Washington", "Robinson", "Merritt", "Freeman", "Coleman", "Banks"] },
  { weight: 2, first: ["Olena", "Dmytro", "Iryna", "Oleksandr", "Natalia", "Bohdan"], last: ["Shevchuk", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk"] },
];

// Groups used for non-English tickets.
export const LOCALE_GROUPS = {
  de: { first: ["Jonas", "Lea", "Felix", "Marie", "Lukas", "Anna", "Tobias", "Katrin", "Florian", "Sabine", "Moritz", "Ute", "Greta", "Dieter", "Heike"], last: ["Brenner", "Hofstetter", "Kranz", "Lindner", "Vogelsang", "Möller", "Steinhauer", "Kühn", "Wiesner", "Ostermann", "Brückner", "Pfeiffer"] },
  es: { first: ["Lucía", "Javier", "Carmen", "Mateo", "Valentina", "Diego", "Sofía", "Alejandro", "Paula", "Andrés", "Rocío", "Tomás"], last: ["Barrientos", "Castellano", "Ferrández", "Olmedo", "Quintana", "Santamaría", "Villalba", "Robledo", "Arriaga", "Montiel"] },
  fr: { first: ["Camille", "Théo", "Manon", "Hugo", "Léa", "Julien", "Chloé", "Antoine", "Élodie", "Maxime", "Inès", "Sylvie"], last: ["Delacroix", "Garnier", "Lefèvre", "Rousset", "Chabert", "Fontaine", "Perrin", "Vasseur", "Bonnard", "Giraud"] },
};

// Invented small shops that use Packmoth.
export const SHOPS = [
  "Moss & Thistle Candles", "Little Fern Ceramics", "Kettle Street Coffee", "Bramble Yarn Co", "Northbound Bike Parts",
  "Oddly Good Socks", "The Pressed Petal", "Saltmarsh Soap Works", "Pixel Harbor Games", "Copper Kiln Studio",
  "Wildoak Tea", "Hound & Hearth Pet Supply", "Lantern Lane Books", "Sprig & Sparrow", "Tidewater Leather",
  "Maple Hollow Kids", "Rust & Rivet Tools", "Blue Heron Prints", "Sunday Loaf Bakery Supplies", "Cobble & Co Shoes",
  "Velvet Moth Vintage", "Greenline Hydroponics", "Fable & Fern Stationery", "Orchard Row Cider Gear", "Quillfeather Pens",
  "Half Moon Jewellery", "Driftwood Home", "Alder & Ash Woodworks", "Lucky Clover Crafts", "Summit Trail Outfitters",
  "Papaya Swim", "Iron Tusk Miniatures", "Honeycomb Beeswax", "Stitch Circle Fabrics", "Brightside Vinyl",
  "Nordlicht Naturkosmetik", "Casa Limonero", "Atelier Mirabelle", "Gecko Garden Terrariums", "Pebble & Pine Toys",
  "Starling Street Records", "Kumo Matcha", "Marigold Spice Co", "Riverbend Guitar Strings", "Fogline Coffee Roasters",
  "Tinker Turtle Electronics", "Wren & Willow Bridal", "Cloudberry Knits", "Harbour Light Candles", "Juniper Box Subscriptions",
];

// Bigger customers on the enterprise brand.
export const ENTERPRISE_COMPANIES = [
  { name: "Northfield Outfitters", domain: "northfield-outfitters.example" },
  { name: "Brightwater Home Group", domain: "brightwater-home.example" },
  { name: "Kestrel Sports Retail", domain: "kestrel-sports.example" },
  { name: "Velora Beauty", domain: "velora-beauty.example" },
  { name: "Hanseatic Garden Supply", domain: "hanseatic-garden.example" },
  { name: "Tallgrass Pet Brands", domain: "tallgrass-pets.example" },
  { name: "Mirador Furniture", domain: "mirador-furniture.example" },
  { name: "Greystone Auto Parts", domain: "greystone-parts.example" },
  { name: "Lumen Optics Direct", domain: "lumen-optics.example" },
  { name: "Coral Coast Apparel", domain: "coralcoast-apparel.example" },
];

export const AGENTS = ["Priya", "Tomasz", "Aoife", "Kwame", "Lucía", "Jonas", "Mei", "Rafael", "Hannah", "Omar", "Ingrid", "Dev"];
