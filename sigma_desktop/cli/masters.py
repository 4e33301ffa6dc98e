"""`sigma masters`: the DREs and UGELs of the database (administrator), from the shipped catalogue or typed.

    sigma masters ugel catalogo [--dre 030000]      the catalogue of Minedu shipped with SIGMA
    sigma masters ugel list                         the UGELs registered in this database
    sigma masters ugel add 030007                   from the catalogue (its DRE too, if missing)
    sigma masters ugel add 160011 --nombre "UGEL Datem del Marañón" --dre 160000
    sigma masters ugel edit 030007 --nombre "UGEL Grau" [--dre 030000] [--codigo 030009]
    sigma masters dre add 030000 [--nombre "DRE Apurímac"]
    sigma masters dre edit 030000 --nombre "DRE Apurímac" [--codigo 030100]
    sigma masters protocolo copiar 2026 [--hasta 2027]   next year's protocol from this year's
"""
from __future__ import annotations

from .imports import _sign_in, _user_options


def register(sub) -> dict:
    masters = sub.add_parser("masters", help="DRE y UGEL de la base (administrador): agregar, corregir, listar")
    kinds = masters.add_subparsers(dest="masters_kind", required=True, metavar="QUÉ")

    ugel = kinds.add_parser("ugel", help="UGEL: catalogo, list, add, edit")
    usub = ugel.add_subparsers(dest="masters_command", required=True, metavar="ACCIÓN")
    cat = usub.add_parser("catalogo", help="el catálogo de DRE y UGEL de Minedu que trae SIGMA")
    cat.add_argument("--dre", help="solo las UGEL de esta DRE (código)")
    listing = usub.add_parser("list", help="las UGEL registradas en esta base")
    add = usub.add_parser("add", help="registra una UGEL (del catálogo, o con --nombre y --dre)")
    add.add_argument("codigo")
    add.add_argument("--nombre", help="nombre de la UGEL (por defecto, el del catálogo)")
    add.add_argument("--dre", help="código de su DRE (por defecto, la del catálogo)")
    edit = usub.add_parser("edit", help="corrige el nombre, la DRE o el código de una UGEL")
    edit.add_argument("codigo")
    edit.add_argument("--nombre")
    edit.add_argument("--dre", help="código de la DRE a la que pasa")
    edit.add_argument("--codigo", dest="nuevo_codigo", help="código nuevo")

    dre = kinds.add_parser("dre", help="DRE: add, edit")
    dsub = dre.add_subparsers(dest="masters_command", required=True, metavar="ACCIÓN")
    dadd = dsub.add_parser("add", help="registra una DRE (del catálogo, o con --nombre)")
    dadd.add_argument("codigo")
    dadd.add_argument("--nombre")
    dedit = dsub.add_parser("edit", help="corrige el nombre o el código de una DRE")
    dedit.add_argument("codigo")
    dedit.add_argument("--nombre")
    dedit.add_argument("--codigo", dest="nuevo_codigo", help="código nuevo")
    protocol = kinds.add_parser("protocolo", help="protocolo: copiar las metas de un año al siguiente")
    psub = protocol.add_subparsers(dest="masters_command", required=True, metavar="ACCIÓN")
    copy = psub.add_parser("copiar", help="crea el protocolo de otro año con las metas de este (no cambia lo que ya "
                           "tenga)")
    copy.add_argument("anio", type=int)
    copy.add_argument("--hasta", type=int, help="año de destino (por defecto, el siguiente)")
    for parser in (cat, listing, add, edit, dadd, dedit, copy):
        _user_options(parser)
    return {"masters": _cmd_masters}


def _cmd_masters(sigma, args) -> int:
    _sign_in(sigma, args)
    offices = sigma.offices
    kind, command = args.masters_kind, args.masters_command
    if kind == "protocolo":
        result = sigma.catalogues.copy_year(args.anio, args.hasta)
        print(f"Protocolo {result.to_year}: {result.created} filas copiadas de {result.from_year}"
              + (f"; {result.kept} ya existían y se mantienen." if result.kept else "."))
        return 0
    if kind == "ugel" and command == "catalogo":
        for e in offices.catalogue():
            if not args.dre or e.dre_code == args.dre:
                print(f"{e.ugel_code}  {e.ugel_name:<45} {e.dre_code}  {e.dre_name}")
    elif kind == "ugel" and command == "list":
        for o in offices.registered():
            if o.kind == "ugel":
                print(f"{o.code}  {o.name:<45} {o.dre_code}  {o.dre_name}  ({o.schools} IIEE, {o.coaches} AP)")
    elif kind == "ugel" and command == "add":
        offices.add_ugel(args.codigo, args.nombre, args.dre)
        print(f"UGEL registrada: {_describe(offices, 'ugel', args.codigo)}")
    elif kind == "ugel":
        offices.edit_ugel(args.codigo, name=args.nombre, dre_code=args.dre, new_code=args.nuevo_codigo)
        print(f"UGEL actualizada: {_describe(offices, 'ugel', args.nuevo_codigo or args.codigo)}")
    elif command == "add":
        offices.add_dre(args.codigo, args.nombre)
        print(f"DRE registrada: {_describe(offices, 'dre', args.codigo)}")
    else:
        offices.edit_dre(args.codigo, name=args.nombre, new_code=args.nuevo_codigo)
        print(f"DRE actualizada: {_describe(offices, 'dre', args.nuevo_codigo or args.codigo)}")
    return 0


def _describe(offices, kind: str, code: str) -> str:
    found = next((o for o in offices.registered() if o.kind == kind and o.code == code), None)
    if found is None:
        return code
    return f"{found.code} {found.name}" + (f" ({found.dre_code} {found.dre_name})" if kind == "ugel" else "")
