import shapes
import shapes.solid.cube
import shapes.flat as flat
from shapes.solid import cube as c, sphere
from shapes.flat import area, PI as pi_value
print(shapes.__name__, shapes.__package__, shapes.solid.__name__, shapes.solid.cube.__name__)
print(flat.area(2), area(3), pi_value, c.volume(2), sphere.volume(1))
print(shapes.solid.cube is c, "shapes.flat" in __import__("sys").modules, shapes.flat is flat)
print(shapes.VERSION, shapes.solid.describe())
print(sorted(k for k in dir(shapes) if not k.startswith("_")))
import importlib
print(importlib.import_module("shapes.solid.cube") is c)
print(__import__("shapes.solid", fromlist=["sphere"]).sphere is sphere)
print(__import__("shapes.solid").__name__)
