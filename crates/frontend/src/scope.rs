//! Scope analysis: decides for every name in every scope whether it is a
//! local, a global, a cell (a local captured by an inner scope) or a free
//! variable (captured from an enclosing function).
//!
//! Pass one walks the AST and records, per scope, what is bound, used and
//! declared `global`/`nonlocal`. Pass two resolves each name against the
//! chain of enclosing function scopes. Scopes are keyed by the source range
//! of the node that opens them, so code generation finds them again.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::TextRange;

use crate::CompileError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Comprehension,
    /// A class body: its names live in the class namespace (a dict), and
    /// functions inside it do not see them.
    Class,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbol {
    Local,
    /// Declared `global`, or unbound in every enclosing function.
    Global,
    /// A local that an inner scope captures: stored in a cell.
    Cell,
    /// Captured from an enclosing function scope.
    Free,
    /// A name in a class body: looked up in the class namespace, then
    /// globals, then builtins.
    Name,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<usize>,
    /// Parameter names in declaration order (function scopes).
    pub parameters: Vec<String>,
    bound: Vec<String>,
    bound_set: HashSet<String>,
    used: Vec<String>,
    globals: HashSet<String>,
    nonlocals: HashSet<String>,
    pub symbols: HashMap<String, Symbol>,
    /// Cell variables in order of first capture.
    pub cells: Vec<String>,
    /// Free variables in order of first capture.
    pub frees: Vec<String>,
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            parent,
            parameters: Vec::new(),
            bound: Vec::new(),
            bound_set: HashSet::default(),
            used: Vec::new(),
            globals: HashSet::default(),
            nonlocals: HashSet::default(),
            symbols: HashMap::default(),
            cells: Vec::new(),
            frees: Vec::new(),
        }
    }

    fn bind(&mut self, name: &str) {
        if self.bound_set.insert(name.to_string()) {
            self.bound.push(name.to_string());
        }
    }

    fn use_name(&mut self, name: &str) {
        self.used.push(name.to_string());
    }

    /// How `name` is accessed in this scope.
    pub fn symbol(&self, name: &str) -> Symbol {
        match self.kind {
            ScopeKind::Module => Symbol::Global,
            ScopeKind::Class => match self.symbols.get(name) {
                Some(Symbol::Free) if !self.bound_set.contains(name) => Symbol::Free,
                Some(Symbol::Cell) => Symbol::Cell,
                Some(Symbol::Global) if self.globals.contains(name) => Symbol::Global,
                _ => Symbol::Name,
            },
            _ => self.symbols.get(name).copied().unwrap_or(Symbol::Global),
        }
    }

    /// Locals in slot order: parameters first, then other bound names.
    pub fn local_names(&self) -> Vec<String> {
        let mut names = self.parameters.clone();
        for name in &self.bound {
            if self.symbols.get(name) == Some(&Symbol::Local) && !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    }
}

/// The result of scope analysis for one module.
pub struct ScopeTable {
    pub scopes: Vec<Scope>,
    by_range: HashMap<(u32, u32), usize>,
}

impl ScopeTable {
    pub fn scope_for(&self, range: TextRange) -> Option<usize> {
        self.by_range
            .get(&(range.start().to_u32(), range.end().to_u32()))
            .copied()
    }
}

struct Builder<'a> {
    scopes: Vec<Scope>,
    by_range: HashMap<(u32, u32), usize>,
    current: usize,
    line_of: &'a dyn Fn(u32) -> u32,
}

/// Analyses a module body.
pub fn analyze(body: &[Stmt], line_of: &dyn Fn(u32) -> u32) -> Result<ScopeTable, CompileError> {
    let mut b = Builder {
        scopes: vec![Scope::new(ScopeKind::Module, None)],
        by_range: HashMap::default(),
        current: 0,
        line_of,
    };
    for stmt in body {
        b.stmt(stmt)?;
    }
    let mut table = ScopeTable {
        scopes: b.scopes,
        by_range: b.by_range,
    };
    resolve(&mut table)?;
    Ok(table)
}

fn key(range: TextRange) -> (u32, u32) {
    (range.start().to_u32(), range.end().to_u32())
}

impl Builder<'_> {
    fn error(&self, range: TextRange, message: impl Into<String>) -> CompileError {
        CompileError::syntax(message, (self.line_of)(range.start().to_u32()))
    }

    fn enter(&mut self, kind: ScopeKind, range: TextRange) -> usize {
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, Some(self.current)));
        self.by_range.insert(key(range), id);
        let previous = self.current;
        self.current = id;
        previous
    }

    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.current]
    }

    fn parameters(&mut self, parameters: &ast::Parameters) -> Result<(), CompileError> {
        let mut names = Vec::new();
        for p in parameters.posonlyargs.iter().chain(parameters.args.iter()) {
            names.push(p.parameter.name.id.as_str().to_string());
        }
        for p in parameters.kwonlyargs.iter() {
            names.push(p.parameter.name.id.as_str().to_string());
        }
        if let Some(v) = &parameters.vararg {
            names.push(v.name.id.as_str().to_string());
        }
        if let Some(k) = &parameters.kwarg {
            names.push(k.name.id.as_str().to_string());
        }
        let mut seen = HashSet::default();
        for name in &names {
            if !seen.insert(name.clone()) {
                return Err(self.error(
                    parameters.range,
                    format!("duplicate argument '{name}' in function definition"),
                ));
            }
            self.scope().bind(name);
        }
        self.scope().parameters = names;
        Ok(())
    }

    /// Defaults and decorators are evaluated in the enclosing scope.
    fn parameter_defaults(&mut self, parameters: &ast::Parameters) -> Result<(), CompileError> {
        for p in parameters
            .posonlyargs
            .iter()
            .chain(parameters.args.iter())
            .chain(parameters.kwonlyargs.iter())
        {
            if let Some(d) = &p.default {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    fn body(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt) -> Result<(), CompileError> {
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression)?;
                }
                self.parameter_defaults(&f.parameters)?;
                self.scope().bind(f.name.id.as_str());
                let previous = self.enter(ScopeKind::Function, f.range);
                self.parameters(&f.parameters)?;
                self.body(&f.body)?;
                self.current = previous;
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression)?;
                }
                if let Some(arguments) = &c.arguments {
                    for a in arguments.args.iter() {
                        self.expr(a)?;
                    }
                    for k in arguments.keywords.iter() {
                        self.expr(&k.value)?;
                    }
                }
                self.scope().bind(c.name.id.as_str());
                let previous = self.enter(ScopeKind::Class, c.range);
                self.body(&c.body)?;
                self.current = previous;
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.target(t)?;
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for t in &a.targets {
                    self.target(t)?;
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.value)?;
                if let Expr::Name(n) = &*a.target {
                    self.scope().use_name(n.id.as_str());
                }
                self.target(&a.target)?;
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.target(&a.target)?;
                } else if let Expr::Name(n) = &*a.target {
                    // A bare annotation makes the name local, unassigned.
                    self.scope().bind(n.id.as_str());
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter)?;
                self.target(&f.target)?;
                self.body(&f.body)?;
                self.body(&f.orelse)?;
            }
            Stmt::While(w) => {
                self.expr(&w.test)?;
                self.body(&w.body)?;
                self.body(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.body(&i.body)?;
                for clause in &i.elif_else_clauses {
                    if let Some(t) = &clause.test {
                        self.expr(t)?;
                    }
                    self.body(&clause.body)?;
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                }
                if let Some(c) = &r.cause {
                    self.expr(c)?;
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(name) = &h.name {
                        self.scope().bind(name.id.as_str());
                    }
                    self.body(&h.body)?;
                }
                self.body(&t.orelse)?;
                self.body(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                }
            }
            Stmt::Global(g) => {
                for name in &g.names {
                    let name = name.id.as_str();
                    let scope = &self.scopes[self.current];
                    if scope.bound_set.contains(name) || scope.used.iter().any(|u| u == name) {
                        let verb = if scope.bound_set.contains(name) {
                            "assigned to"
                        } else {
                            "used"
                        };
                        return Err(self.error(
                            g.range,
                            format!("name '{name}' is {verb} before global declaration"),
                        ));
                    }
                    self.scope().globals.insert(name.to_string());
                }
            }
            Stmt::Nonlocal(n) => {
                if self.scopes[self.current].kind == ScopeKind::Module {
                    return Err(
                        self.error(n.range, "nonlocal declaration not allowed at module level")
                    );
                }
                for name in &n.names {
                    let name = name.id.as_str();
                    let scope = &self.scopes[self.current];
                    if scope.bound_set.contains(name) || scope.used.iter().any(|u| u == name) {
                        let verb = if scope.bound_set.contains(name) {
                            "assigned to"
                        } else {
                            "used"
                        };
                        return Err(self.error(
                            n.range,
                            format!("name '{name}' is {verb} before nonlocal declaration"),
                        ));
                    }
                    self.scope().nonlocals.insert(name.to_string());
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(target) = &item.optional_vars {
                        self.target(target)?;
                    }
                }
                self.body(&w.body)?;
            }
            Stmt::Expr(e) => self.expr(&e.value)?,
            Stmt::Import(i) => {
                for alias in &i.names {
                    let bound = match &alias.asname {
                        Some(asname) => asname.id.as_str(),
                        None => alias.name.id.split('.').next().unwrap_or(""),
                    };
                    self.scope().bind(bound);
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    if bound.id.as_str() != "*" {
                        self.scope().bind(bound.id.as_str());
                    }
                }
            }
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            // Unsupported statements are reported by code generation.
            _ => {}
        }
        Ok(())
    }

    fn target(&mut self, target: &Expr) -> Result<(), CompileError> {
        match target {
            Expr::Name(n) => self.scope().bind(n.id.as_str()),
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.target(e)?;
                }
            }
            Expr::List(l) => {
                for e in &l.elts {
                    self.target(e)?;
                }
            }
            Expr::Starred(s) => self.target(&s.value)?,
            other => self.expr(other)?,
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        range: TextRange,
        generators: &[ast::Comprehension],
        elements: &[&Expr],
    ) -> Result<(), CompileError> {
        // The first iterable is evaluated in the enclosing scope.
        if let Some(first) = generators.first() {
            self.expr(&first.iter)?;
        }
        let previous = self.enter(ScopeKind::Comprehension, range);
        self.scope().parameters = vec![".0".to_string()];
        self.scope().bind(".0");
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.target(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
            }
        }
        for e in elements {
            self.expr(e)?;
        }
        self.current = previous;
        Ok(())
    }

    fn expr(&mut self, expr: &Expr) -> Result<(), CompileError> {
        match expr {
            Expr::Name(n) => self.scope().use_name(n.id.as_str()),
            Expr::Named(n) => {
                self.expr(&n.value)?;
                // The walrus binds in the nearest enclosing non-comprehension scope.
                let name = match &*n.target {
                    Expr::Name(name) => name.id.as_str().to_string(),
                    _ => {
                        return Err(self.error(
                            n.range,
                            "cannot use assignment expressions with this target",
                        ));
                    }
                };
                let mut s = self.current;
                while self.scopes[s].kind == ScopeKind::Comprehension {
                    self.scopes[s].use_name(&name);
                    s = self.scopes[s].parent.unwrap_or(0);
                }
                self.scopes[s].bind(&name);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.parameter_defaults(p)?;
                }
                let previous = self.enter(ScopeKind::Function, l.range);
                if let Some(p) = &l.parameters {
                    self.parameters(p)?;
                }
                self.expr(&l.body)?;
                self.current = previous;
            }
            Expr::ListComp(c) => self.comprehension(c.range, &c.generators, &[&c.elt])?,
            Expr::SetComp(c) => self.comprehension(c.range, &c.generators, &[&c.elt])?,
            Expr::Generator(c) => self.comprehension(c.range, &c.generators, &[&c.elt])?,
            Expr::DictComp(c) => {
                let mut elements: Vec<&Expr> = vec![&c.value];
                if let Some(k) = &c.key {
                    elements.insert(0, k);
                }
                self.comprehension(c.range, &c.generators, &elements)?
            }
            other => {
                let mut children = Vec::new();
                crate::compiler::child_expressions(other, &mut children);
                for child in children {
                    self.expr(child)?;
                }
            }
        }
        Ok(())
    }
}

/// Pass two: resolve every name in every scope.
fn resolve(table: &mut ScopeTable) -> Result<(), CompileError> {
    implicit_class_cells(table);
    for id in 1..table.scopes.len() {
        let names: Vec<String> = {
            let s = &table.scopes[id];
            let mut names: Vec<String> = s.bound.clone();
            names.extend(s.used.iter().cloned());
            names.extend(s.nonlocals.iter().cloned());
            names
        };
        for name in names {
            if table.scopes[id].symbols.contains_key(&name) {
                continue;
            }
            let symbol = resolve_name(table, id, &name)?;
            table.scopes[id].symbols.insert(name, symbol);
        }
    }
    Ok(())
}

/// A function inside a class that uses `super` or `__class__` gets the
/// class as free variable `__class__`; the class body owns that cell
/// (CPython's implicit `__class__` closure, which zero-argument `super()`
/// reads).
fn implicit_class_cells(table: &mut ScopeTable) {
    for id in 1..table.scopes.len() {
        let uses = {
            let s = &table.scopes[id];
            s.kind != ScopeKind::Class && s.used.iter().any(|u| u == "super" || u == "__class__")
        };
        if !uses {
            continue;
        }
        // The nearest enclosing class, through function scopes only.
        let mut path = vec![id];
        let mut current = table.scopes[id].parent;
        let mut class_scope = None;
        while let Some(parent) = current {
            match table.scopes[parent].kind {
                ScopeKind::Class => {
                    class_scope = Some(parent);
                    break;
                }
                ScopeKind::Module => break,
                _ => {
                    path.push(parent);
                    current = table.scopes[parent].parent;
                }
            }
        }
        let Some(class_scope) = class_scope else {
            continue;
        };
        let class = &mut table.scopes[class_scope];
        class.symbols.insert("__class__".into(), Symbol::Cell);
        if !class.cells.iter().any(|c| c == "__class__") {
            class.cells.push("__class__".into());
        }
        for s in path {
            let scope = &mut table.scopes[s];
            if scope.bound_set.contains("__class__") {
                continue;
            }
            scope.symbols.insert("__class__".into(), Symbol::Free);
            if !scope.frees.iter().any(|f| f == "__class__") {
                scope.frees.push("__class__".into());
            }
        }
    }
}

fn resolve_name(table: &mut ScopeTable, id: usize, name: &str) -> Result<Symbol, CompileError> {
    let scope = &table.scopes[id];
    if scope.globals.contains(name) {
        return Ok(Symbol::Global);
    }
    let explicit_nonlocal = scope.nonlocals.contains(name);
    if scope.bound_set.contains(name) && !explicit_nonlocal {
        return Ok(table.scopes[id]
            .symbols
            .get(name)
            .copied()
            .unwrap_or(Symbol::Local));
    }
    // Search enclosing function scopes.
    let mut path = vec![id];
    let mut current = scope.parent;
    while let Some(parent) = current {
        let p = &table.scopes[parent];
        if p.kind == ScopeKind::Module {
            break;
        }
        if p.kind == ScopeKind::Class {
            // Class namespaces are not visible to nested functions, but a
            // class between a function and its method passes the cell
            // through (as a free variable of the class body).
            path.push(parent);
            current = p.parent;
            continue;
        }
        if p.globals.contains(name) {
            break;
        }
        if p.bound_set.contains(name) && !p.nonlocals.contains(name) {
            // Found the defining scope: mark it a cell, and every scope on
            // the way a free variable.
            let defining = &mut table.scopes[parent];
            defining.symbols.insert(name.to_string(), Symbol::Cell);
            if !defining.cells.iter().any(|c| c == name) {
                defining.cells.push(name.to_string());
            }
            for s in path {
                let scope = &mut table.scopes[s];
                // A class binding the same name keeps it in its namespace;
                // the free variable only passes through.
                let own_binding = scope.kind == ScopeKind::Class && scope.bound_set.contains(name);
                if !own_binding {
                    scope.symbols.insert(name.to_string(), Symbol::Free);
                }
                if !scope.frees.iter().any(|f| f == name) {
                    scope.frees.push(name.to_string());
                }
            }
            return Ok(Symbol::Free);
        }
        path.push(parent);
        current = p.parent;
    }
    if explicit_nonlocal {
        return Err(CompileError::syntax(
            format!("no binding for nonlocal '{name}' found"),
            0,
        ));
    }
    Ok(Symbol::Global)
}
