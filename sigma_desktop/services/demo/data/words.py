"""Word lists for synthetic but believable demo records: common Peruvian names and surnames, school
patrons, GIA and taller topics, material kits and the comments people write. No real person is named."""
from __future__ import annotations

FEMALE_NAMES = (
    "María", "Rosa", "Juana", "Carmen", "Ana María", "Luz Marina", "Elena", "Gladys", "Yolanda", "Marleni",
    "Nélida", "Edith", "Rocío", "Lucía", "Inés", "Sofía", "Mónica", "Maribel", "Yésica", "Nohemí",
    "Flor de María", "Judith", "Betty", "Soledad", "Milagros", "Julia", "Norma", "Irma", "Martha",
    "Teresa", "Silvia", "Patricia", "Elizabeth", "Margarita", "Virginia", "Hilda", "Vilma", "Zoila",
    "Ruth Noemí", "Janeth", "Eulalia", "Felícita", "Dominga", "Agripina", "Nancy", "Sonia", "Celia",
    "Fiorella", "Karina", "Liliana", "Érika", "Jéssica", "Rosalía", "Maritza", "Yaneth", "Ángela",
)
MALE_NAMES = (
    "José", "Juan", "Luis", "Carlos", "Jorge", "Víctor", "César", "Julián", "Raúl", "Martín", "Wilber",
    "Edwin", "Hernán", "Efraín", "Rubén", "Ángel", "Óscar", "Héctor", "Félix", "Teófilo", "Alejandro",
    "Nicanor", "Eusebio", "Percy", "Walter", "Wilfredo", "Hugo", "Fredy", "Alberto", "Pedro", "Miguel",
    "Ricardo", "Roberto", "Jesús", "Germán", "Abel", "Isaac", "Simón", "Néstor", "Saúl", "Elías",
    "Marco Antonio", "Juan Carlos", "José Luis", "Cirilo", "Florencio", "Gregorio", "Policarpo",
)
SURNAMES = (
    "Quispe", "Mamani", "Huamán", "Flores", "Rodríguez", "Sánchez", "García", "Rojas", "Chávez",
    "Gonzales", "Ramírez", "Torres", "Díaz", "Vásquez", "Castillo", "Mendoza", "Ramos", "Espinoza",
    "Cruz", "Gutiérrez", "Condori", "Ccama", "Apaza", "Huanca", "Yupanqui", "Peña", "Ñahui", "Muñoz",
    "Ibáñez", "Zúñiga", "Ñaupari", "Cárdenas", "Huarcaya", "Pérez", "López", "Salazar", "Paredes",
    "Cáceres", "Valdivia", "Ccori", "Puma", "Choque", "Ticona", "Layme", "Huillca", "Cusi", "Tupa",
    "Inga", "Ayala", "Palomino", "Gálvez", "Jiménez", "Velásquez", "Cornejo", "Begazo", "Carbajal",
    "Ñañez", "Cañari", "Sulca", "Huayhua", "Villanueva", "Aquino", "Saavedra", "Linares", "Ortiz",
    "Tapia", "Ríos", "Vargas", "Romero", "Medina", "Aguilar", "Herrera", "Córdova", "Pari", "Llanos",
)
PATRONS = (
    "San Martín de Porres", "Túpac Amaru", "César Vallejo", "Santa Rosa de Lima", "Virgen de Fátima",
    "José María Arguedas", "Inca Garcilaso de la Vega", "Micaela Bastidas", "Señor de los Milagros",
    "José Carlos Mariátegui", "Miguel Grau", "Francisco Bolognesi", "Andrés Avelino Cáceres",
    "Jorge Basadre", "Ricardo Palma", "José Olaya", "María Parado de Bellido", "Virgen del Carmen",
    "Sagrado Corazón de Jesús", "Mariscal Ramón Castilla", "Abraham Valdelomar", "Manuel Scorza",
    "Señor de Qoyllur Rit'i", "Horacio Zeballos Gámez", "Nuestra Señora de Cocharcas", "Virgen de la Candelaria",
)
GIA_TOPICS = (
    "Planificación curricular de unidades y sesiones", "Evaluación formativa y retroalimentación",
    "Estrategias para la comprensión lectora", "Resolución de problemas en matemática",
    "Atención simultánea en aulas multigrado", "Uso de los cuadernos de trabajo",
    "Convivencia escolar y disciplina positiva", "Gestión del tiempo en la sesión de aprendizaje",
    "Enseñanza de la lengua originaria como L1", "Castellano como segunda lengua",
    "Proyectos de aprendizaje con la comunidad", "Uso pedagógico de las rúbricas de observación",
    "Competencias comunicativas en inglés", "Aprendizaje basado en problemas",
)
WORKSHOP_TOPICS = (
    "Taller de inicio: diagnóstico y plan de acompañamiento", "Taller de medio año: balance del avance",
    "Taller de cierre: logros y compromisos", "Taller de actualización disciplinar",
    "Taller de evaluación formativa", "Taller de planificación multigrado",
)
KITS = {
    "multigrado": "Kit de materiales para aulas multigrado",
    "soporte_primaria": "Cuadernos de trabajo de primaria",
    "eib": "Cuadernos de trabajo en lengua originaria",
    "jec_ingles": "Kit de inglés (textos y audios)",
    "spsr": "Kit de materiales de secundaria rural",
}
OBSERVATIONS = (
    "Adjuntar la ficha de toma de notas firmada por el docente.",
    "La fecha de ejecución no coincide con la ruta del mes; verifique.",
    "Completar las evidencias de los niveles de la rúbrica.",
    "Registrar la asistencia completa de los docentes convocados.",
    "Las horas registradas no coinciden con el acta del GIA.",
    "Falta el informe de rendición de viáticos.",
)
DELETION_REASONS = (
    "Registro duplicado por el acompañante.",
    "Registrado en la actividad equivocada.",
    "Fecha de ejecución errada; se registra nuevamente.",
    "Ejecución registrada sin evidencia; el acompañante lo confirmó.",
)
OTHER_NOTES = (
    "Paro de transportistas en la provincia.",
    "Jornada de vacunación en la IE.",
    "Simulacro de sismo programado por la UGEL.",
    "Evaluación censal en la IE ese día.",
    "Velorio de un miembro de la comunidad.",
    "Asamblea comunal convocada por las autoridades.",
)
NO_PLAN_REASONS = (
    "Docente con licencia por maternidad.",
    "Docente con licencia por salud.",
    "Docente destacado a otra IE.",
    "Docente en comisión de servicios en la UGEL.",
)
